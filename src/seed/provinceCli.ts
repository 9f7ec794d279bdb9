import path from 'node:path';
import { parseArgs } from 'node:util';

import { DEFAULT_SEED_DIR } from './index.js';
import { writeSyntheticProvince } from './province.js';

// `npm run seed:synthetic -- --counties N --out <folder> [--from <seed folder>]`: writes the seed
// folder (default seeds/) plus N synthetic copies of its county, for `npm run seed -- --dir`.
const { values } = parseArgs({
  options: { counties: { type: 'string' }, out: { type: 'string' }, from: { type: 'string' } },
});
const report = (line: string): void => void process.stdout.write(`[seed] ${line}\n`);
const counties = Number(values.counties);
try {
  if (!values.out || !values.counties || !Number.isInteger(counties)) {
    throw new Error('Usage: npm run seed:synthetic -- --counties <N> --out <folder> [--from <seed folder>]');
  }
  const from = values.from ? path.resolve(values.from) : DEFAULT_SEED_DIR;
  const out = path.resolve(values.out);
  const started = Date.now();
  let shown = 0;
  report(`Writing ${from} and ${String(counties)} synthetic counties to ${out}...`);
  const counts = writeSyntheticProvince(from, out, counties, (done, sofar) => {
    // A line a second at most, and the last one.
    if (done < counties && Date.now() - shown < 1000) return;
    shown = Date.now();
    const seconds = (Date.now() - started) / 1000;
    report(
      `  ${String(done)}/${String(counties)} counties (${String(Math.round((100 * done) / counties))}%), ` +
        `${String(sofar.entities)} entities, ${String(sofar.relations)} relationships, ` +
        `${String(Math.round(sofar.entities / Math.max(seconds, 0.001)))} entities/s`,
    );
  });
  report(
    `Wrote ${String(counts.counties)} synthetic counties (${String(counts.entities)} entities, ` +
      `${String(counts.relations)} relationships) in ${String(Date.now() - started)} ms; load them with ` +
      `npm run seed -- --dir ${path.relative(process.cwd(), out) || '.'}`,
  );
} catch (err) {
  process.exitCode = 1;
  process.stderr.write(`[seed] ${err instanceof Error ? err.message : String(err)}\n`);
}
