import type { Database, QueryLog } from '../db/database.js';
import { figureValue, needsScope, sentencesByQuote } from '../db/figures.js';
import type { FigureRecord } from '../model/records.js';
import { FIGURES, type FigureDefinition } from './definitions.js';

function decimals(value: number): number {
  const text = String(value);
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

/** Whether the graph's value agrees with the reported one, under the figure's comparison rule. */
export function agrees(definition: Pick<FigureDefinition, 'comparison' | 'reported'>, computed: number): boolean {
  const { reported } = definition;
  switch (definition.comparison) {
    case 'EXACT':
      return Math.abs(computed - reported) < 1e-9;
    case 'AT_LEAST':
      return computed >= reported;
    case 'DECIMAL': {
      const factor = 10 ** decimals(reported);
      // Sources both round and truncate; either reading of the graph's value may match. The
      // epsilon keeps binary fractions (55.14 * 100 = 5513.999…) from flipping the result.
      const scaled = computed * factor;
      const target = Math.round(reported * factor);
      return Math.round(scaled) === target || Math.floor(scaled + 1e-9) === target;
    }
  }
}

/**
 * Recomputes every figure of one document (or all), in parallel read transactions, within the
 * places each document is about.
 */
export async function computeFigures(db: Database, log: QueryLog, documentId?: string | null): Promise<FigureRecord[]> {
  const definitions = FIGURES.filter((f) => !documentId || f.documentId === documentId);
  if (definitions.length === 0) return [];
  const documents = [...new Set(definitions.map((f) => f.documentId))];
  const scoped = new Map(await Promise.all(documents.map(async (d) => [d, await needsScope(db, d, log)] as const)));
  const [values, sentenceOf] = await Promise.all([
    Promise.all(
      definitions.map(
        async (f) => (await figureValue(db, f.query, f.documentId, scoped.get(f.documentId) ?? true, log)) ?? 0,
      ),
    ),
    sentencesByQuote(
      db,
      definitions.map((f) => ({ key: f.key, documentId: f.documentId, quote: f.quote })),
      log,
    ),
  ]);
  return definitions.map((f, i) => {
    const computed = Number(values[i]);
    return {
      key: f.key,
      label: f.label,
      reported: f.reported,
      computed,
      unit: f.unit,
      comparison: f.comparison,
      consistent: agrees(f, computed),
      note: f.note ? f.note(computed, f.reported) : null,
      basedOnSynthetic: f.basedOnSynthetic,
      sentenceId: sentenceOf.get(f.key) ?? '',
    };
  });
}
