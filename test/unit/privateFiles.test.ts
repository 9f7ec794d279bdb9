import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { makePrivate } from '../../src/neo4j/embedded.js';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** Every file and folder under `dir` (itself included) with its permission bits. */
function modes(dir: string): Record<string, string> {
  const out: Record<string, string> = { '.': (fs.statSync(dir).mode & 0o777).toString(8) };
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const file = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, file)] = (fs.statSync(file).mode & 0o777).toString(8);
  }
  return out;
}

describe('makePrivate', () => {
  it('takes group and other access off every file and folder, keeping the owner’s', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jingtai-kg-private-'));
    made.push(dir);
    fs.chmodSync(dir, 0o755);
    fs.mkdirSync(path.join(dir, 'data', 'databases'), { recursive: true, mode: 0o775 });
    fs.writeFileSync(path.join(dir, 'data', 'databases', 'neostore'), 'x', { mode: 0o644 });
    fs.writeFileSync(path.join(dir, 'run.sh'), 'x', { mode: 0o755 });
    fs.writeFileSync(path.join(dir, 'already'), 'x', { mode: 0o600 });
    makePrivate(dir);
    expect(modes(dir)).toEqual({
      '.': '700',
      data: '700',
      'data/databases': '700',
      'data/databases/neostore': '600',
      'run.sh': '700',
      already: '600',
    });
  });
});
