import fs from 'node:fs';
import path from 'node:path';

import { splitSentences, stripPinyinAnnotations, toSimplified } from '../text/chinese.js';
import { SeedRowError } from './errors.js';

export interface SourceDocumentRow {
  id: string;
  title: string;
  editor?: string;
  publisher?: string;
  publishedOn?: string;
  url?: string;
  language?: string;
  note?: string;
  /**
   * Ids of the places the document is about (`County:620423000000`): its figures are counted
   * within them. Absent: the whole graph.
   */
  about?: string[];
  /** The text as stored (here: traditional with pinyin annotations). */
  annotatedText: string;
  /** Normalised simplified text: what sentences and evidence quotes refer to. */
  text: string;
  sentences: SentenceRow[];
}

export interface SentenceRow {
  id: string;
  documentId: string;
  index: number;
  text: string;
}

interface DocumentFile {
  id?: unknown;
  title?: unknown;
  annotatedTextFile?: unknown;
  textFile?: unknown;
  [key: string]: unknown;
}

const DOCUMENT_ID = /^SourceDocument:[\w.-]+$/;
const PLACE_ID = /^(Prefecture|County|Township|Village|Community):\d{12}$/;

/** The document's `about` ids, checked to be place ids. */
function aboutOf(file: string, value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((id) => typeof id === 'string' && PLACE_ID.test(id))) {
    throw new SeedRowError(file, 1, 'about must be a list of place ids such as ["County:620423000000"]');
  }
  return value as string[];
}

/** Reads `documents/*.json` (metadata plus a text file beside it), normalises and splits the text. */
export function readDocuments(dir: string): SourceDocumentRow[] {
  const folder = path.join(dir, 'documents');
  if (!fs.existsSync(folder)) return [];
  return fs
    .readdirSync(folder)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((name) => {
      const file = path.join(folder, name);
      const meta = JSON.parse(fs.readFileSync(file, 'utf8')) as DocumentFile;
      if (typeof meta.id !== 'string' || !DOCUMENT_ID.test(meta.id)) {
        throw new SeedRowError(file, 1, 'id must look like SourceDocument:<key>');
      }
      if (typeof meta.title !== 'string' || !meta.title) throw new SeedRowError(file, 1, 'title is required');
      const textName = typeof meta.annotatedTextFile === 'string' ? meta.annotatedTextFile : meta.textFile;
      if (typeof textName !== 'string') throw new SeedRowError(file, 1, 'annotatedTextFile or textFile is required');
      const annotatedText = fs.readFileSync(path.join(folder, textName), 'utf8');
      const text = toSimplified(stripPinyinAnnotations(annotatedText)).trim();
      const documentId = meta.id;
      const str = (key: string): string | undefined => (typeof meta[key] === 'string' ? meta[key] : undefined);
      return {
        id: documentId,
        title: toSimplified(meta.title),
        editor: str('editor'),
        publisher: str('publisher'),
        publishedOn: str('publishedOn'),
        url: str('url'),
        language: str('language'),
        note: str('note'),
        about: aboutOf(file, meta.about),
        annotatedText,
        text,
        sentences: splitSentences(text).map((sentence, index) => ({
          id: `Sentence:${documentId.slice('SourceDocument:'.length)}:${String(index + 1)}`,
          documentId,
          index: index + 1,
          text: sentence,
        })),
      };
    });
}

/** Finds the one sentence that contains `quote`; evidence in seed files is written as a quote. */
export class EvidenceIndex {
  private readonly sentences: SentenceRow[];
  private readonly ids: Set<string>;

  constructor(documents: SourceDocumentRow[]) {
    this.sentences = documents.flatMap((d) => d.sentences);
    this.ids = new Set(this.sentences.map((s) => s.id));
  }

  /** The sentence id for a quote or a sentence id; throws a message naming the problem. */
  /** The text of a sentence by id, if it is one of the documents'. */
  textOf(id: string): string | undefined {
    return this.sentences.find((s) => s.id === id)?.text;
  }

  resolve(quoteOrId: string): string {
    if (quoteOrId.startsWith('Sentence:')) {
      if (!this.ids.has(quoteOrId)) throw new Error(`evidence "${quoteOrId}" is not a known sentence`);
      return quoteOrId;
    }
    const hits = this.sentences.filter((s) => s.text.includes(quoteOrId));
    const [first] = hits;
    if (!first) throw new Error(`evidence quote "${quoteOrId}" is in no sentence of the source documents`);
    if (hits.length > 1)
      throw new Error(`evidence quote "${quoteOrId}" is in ${String(hits.length)} sentences; quote more`);
    return first.id;
  }

  sentence(id: string): SentenceRow | undefined {
    return this.sentences.find((s) => s.id === id);
  }
}
