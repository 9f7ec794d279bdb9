import { notFound } from '../errors.js';
import type { FigureResolvers, SentenceResolvers, SourceDocumentResolvers } from '../generated/graphql.js';
import type { EntityRecord, NodeRecord } from '../model/records.js';
import { neighbours } from './relations.js';

const str = (record: NodeRecord, key: string): string | null => (typeof record[key] === 'string' ? record[key] : null);

export const SourceDocument: SourceDocumentResolvers = {
  title: (doc) => String(doc.title),
  editor: (doc) => str(doc, 'editor'),
  publisher: (doc) => str(doc, 'publisher'),
  publishedOn: (doc) => str(doc, 'publishedOn'),
  url: (doc) => str(doc, 'url'),
  text: (doc) => String(doc.text),
  annotatedText: (doc) => String(doc.annotatedText),
  about: async (doc, _args, { loaders }) => {
    const ids = Array.isArray(doc.about) ? doc.about.filter((id): id is string => typeof id === 'string') : [];
    const places = (await loaders.node.loadMany(ids)).filter(
      (place): place is EntityRecord => place !== null && !(place instanceof Error),
    );
    return places.sort((a, b) => String(a.code).localeCompare(String(b.code)) || a.id.localeCompare(b.id));
  },
  sentences: async (doc, _args, ctx) =>
    (await neighbours(ctx, doc, 'IN_DOCUMENT', 'IN')).sort((a, b) => Number(a.index) - Number(b.index)),
};

export const Sentence: SentenceResolvers = {
  index: (sentence) => Number(sentence.index),
  text: (sentence) => String(sentence.text),
  document: async (sentence, _args, { loaders }) => {
    const id = String(sentence.documentId);
    return (await loaders.node.load(id)) ?? Promise.reject(notFound(id));
  },
};

export const Figure: FigureResolvers = {
  id: (figure) => `Figure:${figure.key}`,
  sentence: async (figure, _args, { loaders }) =>
    (await loaders.node.load(figure.sentenceId)) ?? Promise.reject(notFound(figure.sentenceId)),
};
