import { describe, expect, it } from 'vitest';

import { DEFAULT_TRANSACTION_MEMORY, loadConfig } from '../../src/config.js';
import {
  chunks,
  describeSlice,
  diffNodes,
  diffRelations,
  groupBatches,
  planBatches,
  rowsOf,
  type Batch,
  type NodeRow,
  type RelRow,
  type StoredNode,
} from '../../src/seed/batches.js';
import { memoryLimitMessage, rowPlace, SeedLoadError } from '../../src/seed/errors.js';
import type { SeedSet } from '../../src/seed/load.js';
import { formatProgress, ProgressReporter } from '../../src/seed/progress.js';

describe('batches', () => {
  it('cuts rows into slices of at most the batch size, keeping every row once and in order', () => {
    const rows = Array.from({ length: 2_501 }, (_, i) => i);
    const parts = chunks(rows, 1_000);
    expect(parts.map((p) => p.length)).toEqual([1_000, 1_000, 501]);
    expect(parts.flat()).toEqual(rows);
    expect(chunks([], 10)).toEqual([]);
    expect(() => chunks(rows, 0)).toThrow(/positive integer/);
  });

  it('names a slice by its kind and row range', () => {
    expect(describeSlice('Village', 2_000, 2_000, 13_600)).toBe('Village rows 2,001–4,000 of 13,600');
    expect(describeSlice('County', 0, 1, 1)).toBe('County rows (1)');
  });

  it('writes documents, sentences, entities, then relationships, every row in one batch', () => {
    const set: SeedSet = {
      documents: [
        {
          id: 'SourceDocument:d',
          title: 't',
          annotatedText: 'a',
          text: 'a',
          sentences: [{ id: 'Sentence:d:1', documentId: 'SourceDocument:d', index: 1, text: 'a' }],
        },
      ],
      entities: Array.from({ length: 5 }, (_, i) => ({
        id: `Village:${String(i)}`,
        label: 'Village' as const,
        props: { name: `v${String(i)}`, synthetic: true },
      })),
      relations: [{ type: 'PART_OF', from: 'Village:0', to: 'Township:t', props: { synthetic: true } }],
    };
    const batches = [...planBatches(set, 2)];
    expect(batches.map((b) => (b.kind === 'nodes' ? b.labels.join(':') : b.type))).toEqual([
      'SourceDocument',
      'Sentence',
      'Entity:Village',
      'Entity:Village',
      'Entity:Village',
      'PART_OF',
    ]);
    expect(batches.map((b) => b.rows.length)).toEqual([1, 1, 2, 2, 1, 1]);
    const [doc, sentence, village] = batches;
    expect(doc?.rows[0]?.props).toEqual({
      title: 't',
      annotatedText: 'a',
      text: 'a',
      kind: 'SourceDocument',
      synthetic: false,
    });
    expect((sentence?.rows[0] as NodeRow).links).toEqual(['SourceDocument:d']);
    expect(village?.rows[0]?.props).toEqual({ name: 'v0', synthetic: true, kind: 'Village' });
    expect(batches[5]?.rows[0]?.id).toBe('PART_OF:Village:0->Township:t');
    expect(rowsOf(set)).toBe(batches.reduce((n, b) => n + b.rows.length, 0));
  });
});

describe('transactions', () => {
  it('joins consecutive small batches into one transaction up to the batch size, never splitting one', () => {
    const batch = (rows: number) =>
      ({
        kind: 'relations',
        type: 'PART_OF',
        rows: Array.from({ length: rows }, () => ({})),
        what: '',
      }) as unknown as Batch;
    const groups = [...groupBatches([batch(3), batch(4), batch(5), batch(10), batch(1)], 10)];
    expect(groups.map((g) => g.map((b) => b.rows.length))).toEqual([[3, 4], [5], [10], [1]]);
  });
});

describe('what a batch writes and how it is undone', () => {
  const row = (id: string, props: NodeRow['props'], links: string[] = []): NodeRow => ({ id, props, links });
  const labels = ['Entity', 'Village'];

  it('writes nothing for rows the database already holds as they are', () => {
    const stored = new Map<string, StoredNode>([
      [
        'Village:1',
        { props: { id: 'Village:1', name: 'a', tags: ['x'], version: 3 }, labels: ['Node', ...labels], links: ['S:1'] },
      ],
    ]);
    const diff = diffNodes([row('Village:1', { name: 'a', tags: ['x'], gone: null }, ['S:1'])], labels, stored);
    expect(diff).toEqual({ write: [], created: [], restore: [], links: [] });
  });

  it('records new nodes as created, changed ones with their former properties and labels, added links', () => {
    const before = { props: { id: 'Village:2', name: 'old' }, labels: ['Node', 'Deleted'], links: [] };
    const stored = new Map<string, StoredNode>([
      ['Village:2', before],
      ['Village:3', { props: { id: 'Village:3', name: 'c' }, labels: ['Node', ...labels], links: [] }],
    ]);
    const rows = [
      row('Village:1', { name: 'a' }),
      row('Village:2', { name: 'new' }),
      row('Village:3', { name: 'c' }, ['S:9']),
    ];
    const diff = diffNodes(rows, labels, stored);
    expect(diff.created).toEqual(['Village:1']);
    expect(diff.restore).toEqual([{ id: 'Village:2', props: before.props, labels: before.labels }]);
    expect(diff.links).toEqual([['Village:3', 'S:9']]);
    expect(diff.write.map((r) => r.id)).toEqual(['Village:1', 'Village:2', 'Village:3']);
  });

  it('sorts relationships into created, changed (with their former properties), unchanged and missing an end', () => {
    const rel = (id: string, props: RelRow['props']): RelRow => ({ id, from: 'A', to: 'B', props });
    const diff = diffRelations(
      [
        rel('new', { synthetic: true }),
        rel('changed', { since: '2020' }),
        rel('same', { since: '2019' }),
        rel('orphan', {}),
      ],
      new Map([
        ['new', { hasFrom: true, hasTo: true, props: null }],
        ['changed', { hasFrom: true, hasTo: true, props: { id: 'changed', since: '2019' } }],
        ['same', { hasFrom: true, hasTo: true, props: { id: 'same', since: '2019' } }],
        ['orphan', { hasFrom: true, hasTo: false, props: null }],
      ]),
    );
    expect(diff.created).toEqual([{ from: 'A', id: 'new' }]);
    expect(diff.restore).toEqual([{ from: 'A', id: 'changed', props: { id: 'changed', since: '2019' } }]);
    expect(diff.write.map((r) => r.id)).toEqual(['new', 'changed']);
    expect(diff.missing.map((r) => r.id)).toEqual(['orphan']);
  });
});

describe('progress', () => {
  it('shows the share done, the rate and the time left', () => {
    expect(formatProgress({ done: 2_951, total: 6_500, startedAt: 0, now: 2_000 })).toBe(
      'Loading: 45% (2,951 of 6,500 rows), 1,476 rows/s, about 2 s left',
    );
    expect(formatProgress({ done: 6_500, total: 6_500, startedAt: 0, now: 5_000 })).toBe(
      'Loading: 100% (6,500 of 6,500 rows), 1,300 rows/s',
    );
  });

  it('reports at most once per interval, and always at the end', () => {
    let now = 0;
    const lines: string[] = [];
    const progress = new ProgressReporter(
      100,
      (l) => lines.push(l),
      1_000,
      () => now,
    );
    for (let i = 0; i < 10; i += 1) {
      now += 300;
      progress.advance(10);
    }
    // At 1.2 s, 2.4 s and 3.0 s (the end): the steps between stay quiet.
    expect(lines).toHaveLength(3);
    expect(lines.at(-1)).toMatch(/^Loading: 100% \(100 of 100 rows\)/);
  });
});

describe('loader errors', () => {
  it('names the row and the setting to raise when one row exceeds the transaction memory', () => {
    const place = rowPlace({ id: 'Base:x', origin: { file: 'seeds/nodes/Base.csv', line: 7 } });
    expect(memoryLimitMessage(place)).toMatch(/^seeds\/nodes\/Base\.csv:7: .*NEO4J_TRANSACTION_MAX_MEMORY/);
    expect(rowPlace({ id: 'Person:p-1' })).toBe('the generated row Person:p-1');
    expect(memoryLimitMessage(place)).not.toMatch(/narrow it down/);
  });

  it('says whether the database is as it was', () => {
    expect(new SeedLoadError(new Error('boom'), true).message).toBe(
      'boom\nNothing of this load was kept: the database is as it was before it.',
    );
    expect(new SeedLoadError(new Error('boom'), false, new Error('gone')).message).toMatch(
      /Undoing the partial load failed too \(gone\); the next `npm run seed` or `npm start` undoes it/,
    );
  });

  it('takes the transaction memory cap from NEO4J_TRANSACTION_MAX_MEMORY, refusing what is no size', () => {
    expect(loadConfig({}).neo4j).toMatchObject({ transactionMemory: DEFAULT_TRANSACTION_MEMORY });
    expect(loadConfig({ NEO4J_TRANSACTION_MAX_MEMORY: '2G' }).neo4j).toMatchObject({ transactionMemory: '2g' });
    expect(() => loadConfig({ NEO4J_TRANSACTION_MAX_MEMORY: '2 GB' })).toThrow(
      /NEO4J_TRANSACTION_MAX_MEMORY must be a memory size/,
    );
  });
});
