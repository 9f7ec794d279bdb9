import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import autocannon from 'autocannon';

import { projectRoot } from '../src/config.js';
import { CASES } from './cases.js';
import { table } from './harness.js';

// `npm run bench:profile`: starts the service the way `npm start` does (its "start" script, in a
// separate process, on its own embedded Neo4j), drives one query at it with autocannon from this
// process, then stops it and prints the requests/s and, with --cpu-prof, the functions and
// packages with the most self time while the load ran.
//
//   npm run bench:profile -- [--dir <checkout>] [--seconds 10] [--connections 10] [--no-prof] [--home <folder>]
//                            [--case nested | --query '{ … }']
//
// --dir runs another checkout's start script (e.g. the previous commit, to compare); the seeded
// data folder is kept in the temp folder (or --home) and shared by every run, so only the first one seeds.

const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: projectRoot },
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '10' },
    'no-prof': { type: 'boolean', default: false },
    top: { type: 'string', default: '15' },
    // Another folder for the seeded data: runs sharing one folder (the default) share one Neo4j
    // store, so two runs at the same time need a folder each.
    home: { type: 'string', default: path.join(os.tmpdir(), 'jingtai-kg-profile-home') },
    // A question of `npm run bench` by name (bench/cases.ts), instead of --query.
    case: { type: 'string' },
    query: {
      type: 'string',
      default: '{ node(id: "Village:620423101203") { id ... on Village { name township { name } } } }',
    },
  },
});
const dir = path.resolve(values.dir);
const named = values.case === undefined ? undefined : CASES.find((c) => c.name === values.case);
if (values.case !== undefined && !named) {
  throw new Error(`--case: no question ${values.case}; they are ${CASES.map((c) => c.name).join(', ')}`);
}
const query = named?.api ?? values.query;
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const profile = !values['no-prof'];

const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
const start = pkg.scripts.start ?? '';
// The start script may set variables first (`NODE_ENV=production node …`); keep them.
const words = start.split(/\s+/).filter(Boolean);
const env: NodeJS.ProcessEnv = { ...process.env };
while (words[0]?.includes('=')) {
  const [name, ...value] = (words.shift() as string).split('=');
  env[name as string] = value.join('=');
}
if (words.shift() !== 'node') throw new Error(`the start script of ${dir} does not run node: ${start}`);

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'jingtai-kg-profile-'));
const home = path.resolve(values.home);
const logFile = path.join(work, 'server.log');
const out = fs.openSync(logFile, 'w');
const report = (line: string): void => void process.stdout.write(`[profile] ${line}\n`);
report(`machine: ${String(os.cpus().length)} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`);
report(`${dir}: node ${words.join(' ')}`);

const child = spawn(process.execPath, [...(profile ? ['--cpu-prof', '--cpu-prof-dir', work] : []), ...words], {
  cwd: dir,
  env: { ...env, PORT: '0', NEO4J_EMBEDDED_PORT: '0', NEO4J_EMBEDDED_HOME: home },
  stdio: ['ignore', out, 'inherit'],
});
const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));

async function serverUrl(): Promise<string> {
  for (;;) {
    const match = /GraphQL: +(http\S+)/.exec(fs.readFileSync(logFile, 'utf8'));
    if (match?.[1]) return match[1];
    if (child.exitCode !== null) throw new Error(`the server exited with ${String(child.exitCode)}; see ${logFile}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const hrMicros = (): number => Number(process.hrtime.bigint() / 1000n);

try {
  const url = await serverUrl();
  const body = JSON.stringify({ query });
  const run = (duration: number) =>
    autocannon({
      url,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      connections,
      duration,
    });
  await run(Number(values.warmup));
  // CLOCK_MONOTONIC is shared by every process on the machine: V8's profile timestamps and
  // process.hrtime() here are on the same clock, so the load's window can be cut out of the profile.
  const from = hrMicros();
  const result = await run(seconds);
  const to = hrMicros();
  const errors = result.errors + result.non2xx;
  report(
    `${String(connections)} connections, ${String(seconds)} s: ${result.requests.average.toFixed(0)} req/s, ` +
      `p50 ${String(result.latency.p50)} ms, p99 ${String(result.latency.p99)} ms, ${String(errors)} errors`,
  );
  child.kill('SIGINT');
  await exited;
  if (profile) {
    const file = path.join(work, fs.readdirSync(work).find((f) => f.endsWith('.cpuprofile')) ?? '');
    summarise(file, from, to, result.requests.total);
  }
} finally {
  if (child.exitCode === null) {
    child.kill('SIGINT');
    await exited;
  }
  fs.closeSync(out);
}

interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
  }[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Self time per function and per package, counting only the samples taken while the load ran. */
function summarise(file: string, from: number, to: number, requests: number): void {
  const prof = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(prof.nodes.map((n) => [n.id, n.callFrame]));
  const fn = new Map<string, number>();
  const pkgs = new Map<string, number>();
  let total = 0;
  let t = prof.startTime;
  for (let i = 0; i < prof.samples.length; i++) {
    const delta = prof.timeDeltas[i] ?? 0;
    t += delta;
    if (t < from || t > to) continue;
    const frame = byId.get(prof.samples[i] as number);
    if (!frame) continue;
    total += delta;
    const where = frame.url.replace(/^file:\/\//, '');
    const short = where.includes('node_modules/')
      ? where.slice(where.lastIndexOf('node_modules/') + 13)
      : path.relative(dir, where) || where;
    const key = `${frame.functionName || '(anonymous)'} ${short ? `${short}:${String(frame.lineNumber + 1)}` : ''}`;
    fn.set(key, (fn.get(key) ?? 0) + delta);
    const pkgName = !where
      ? frame.functionName
      : where.startsWith('node:')
        ? 'node internals'
        : where.includes('node_modules/')
          ? (/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(where)?.[1] ?? 'node_modules')
          : 'project';
    pkgs.set(pkgName, (pkgs.get(pkgName) ?? 0) + delta);
  }
  const top = Number(values.top);
  const rows = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, v]) => [k, (v / 1000).toFixed(0), ((100 * v) / total).toFixed(1)]);
  const idle = pkgs.get('(idle)') ?? 0;
  report(`profile ${file}: ${(total / 1e6).toFixed(1)} s sampled during the load`);
  report(
    `Node busy ${((total - idle) / 1e6).toFixed(2)} s for ${String(requests)} requests: ` +
      `${((total - idle) / 1000 / requests).toFixed(2)} ms of the server's CPU per request`,
  );
  console.log(table(['function (self time)', 'ms', '%'], rows(fn)));
  console.log();
  console.log(table(['package (self time)', 'ms', '%'], rows(pkgs)));
}
