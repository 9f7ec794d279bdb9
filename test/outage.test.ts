import { once } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

import neo4jDriver, { Neo4jError, type AuthToken } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';

import { migrate } from '../src/db/migrations.js';
import { connectNeo4j, type Neo4jHandle } from '../src/neo4j/connect.js';
import { EmbeddedNeo4j, passwordFile } from '../src/neo4j/embedded.js';
import type { EmbeddedSupervisor, SupervisorEvents, SupervisorLogger } from '../src/neo4j/supervisor.js';
import { seed } from '../src/seed/index.js';
import { ownNeo4j, startTestServer, TEST_AUTH, type TestServer } from './helpers.js';
import { waitUntil } from './wait.js';

// This file owns a second embedded Neo4j, started as `npm start` starts it (connectNeo4j: a
// generated password, a supervisor that restarts a dead JVM), so that killing it does not disturb
// the other tests. One start serves every check here; the kill below causes the only other one.
const target = ownNeo4j('outage');
const home = target.homeDir;
/** Everything the service would print: its progress lines and the supervisor's log lines. */
const printed: string[] = [];
const record =
  (level: string) =>
  (fields: object, msg: string): void =>
    void printed.push(`${level} ${msg} ${JSON.stringify(fields)}`);
const logger: SupervisorLogger = { info: record('info'), warn: record('warn'), error: record('error') };
/**
 * The supervisor restarts with the real EmbeddedNeo4j.start, but only once the test has seen the
 * outage: otherwise a fast restart could hide it, and what the test sees would depend on timing.
 */
let openRestartGate: () => void = () => undefined;
const restartGate = new Promise<void>((resolve) => (openRestartGate = resolve));
let neo4j: Neo4jHandle;
let supervisor: EmbeddedSupervisor;
let t: TestServer;

beforeAll(async () => {
  neo4j = await connectNeo4j(target, (line) => void printed.push(line), {
    delaysMs: [100, 100, 100],
    logger,
    start: async (options) => {
      await restartGate;
      return EmbeddedNeo4j.start(options);
    },
  });
  if (!neo4j.supervisor) throw new Error('an embedded start comes with a supervisor');
  supervisor = neo4j.supervisor;
  const embedded = neo4j.embedded;
  if (!embedded) throw new Error('no embedded Neo4j');
  // Budgets far beyond any run: the only failures left are the outage's, however slowly a busy
  // machine serves the queries around it (TIMEOUT itself is tested in limits.test.ts).
  t = await startTestServer(embedded.uri, TEST_AUTH, {
    timeouts: { operationMs: 600_000, transactionMs: 600_000 },
    credentials: embedded.credentials(),
  });
  await migrate(t.db);
  await seed(t.db);
}, 400_000); // a JVM start and a full seed, on a machine that may be busy

afterAll(async () => {
  openRestartGate();
  await t.close();
  await neo4j.close();
  fs.rmSync(home, { recursive: true, force: true });
});

function boltPort(): number {
  const port = neo4j.embedded?.port;
  if (!port) throw new Error('no embedded Neo4j');
  return port;
}

function password(): string {
  return fs.readFileSync(passwordFile(home), 'utf8').trim();
}

/** Counts :Change nodes over a fresh Bolt connection logged in with `auth`. */
async function boltQuery(auth: AuthToken | undefined): Promise<unknown> {
  const driver = neo4jDriver.driver(`bolt://127.0.0.1:${String(boltPort())}`, auth, {
    connectionTimeout: 30_000,
    disableLosslessIntegers: true,
  });
  try {
    const { records } = await driver.executeQuery('MATCH (c:Change) RETURN count(c) AS n', {}, { database: 'neo4j' });
    return records[0]?.get('n');
  } finally {
    await driver.close();
  }
}

describe('the embedded Neo4j requires its password', () => {
  it('keeps a generated password in a 0600 file in 0700 folders', () => {
    const file = passwordFile(home);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(fs.statSync(home).mode & 0o777).toBe(0o700);
    expect(password()).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("leaves Neo4j's store, logs and configuration readable by this user only", () => {
    const open: string[] = [];
    const entries = fs.readdirSync(home, { withFileTypes: true, recursive: true });
    for (const entry of entries) {
      const file = path.join(entry.parentPath, entry.name);
      if ((entry.isFile() || entry.isDirectory()) && fs.statSync(file).mode & 0o077) open.push(file);
    }
    expect(entries.some((e) => e.name === 'neostore' || e.name.startsWith('neostore.'))).toBe(true);
    expect(open).toEqual([]);
  });

  it('refuses a Bolt connection without the password, with the default one or a wrong one', async () => {
    for (const auth of [
      undefined,
      neo4jDriver.auth.basic('neo4j', 'neo4j'),
      neo4jDriver.auth.basic('neo4j', 'wrong-password'),
    ]) {
      const attempt = boltQuery(auth);
      await expect(attempt).rejects.toBeInstanceOf(Neo4jError);
      await expect(attempt).rejects.toMatchObject({ code: 'Neo.ClientError.Security.Unauthorized' });
    }
  });

  it('accepts the stored password', async () => {
    expect(await boltQuery(neo4jDriver.auth.basic('neo4j', password()))).toBeTypeOf('number');
  });

  it('listens on loopback only, with authentication on and no HTTP connector', () => {
    const conf = fs.readFileSync(path.join(home, 'neo4j.conf'), 'utf8');
    expect(conf).toContain(`server.bolt.listen_address=127.0.0.1:${String(boltPort())}`);
    expect(conf).toContain('dbms.security.auth_enabled=true');
    expect(conf).toContain('server.http.enabled=false');
  });

  it('refuses a WebSocket upgrade on the Bolt port, from a foreign origin as from any', async () => {
    const answer = await new Promise<string>((resolve, reject) => {
      let received = '';
      const socket = net.connect({ host: '127.0.0.1', port: boltPort() }, () => {
        socket.write(
          [
            'GET / HTTP/1.1',
            `Host: 127.0.0.1:${String(boltPort())}`,
            'Origin: https://evil.example',
            'Connection: Upgrade',
            'Upgrade: websocket',
            'Sec-WebSocket-Version: 13',
            'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
            '',
            '',
          ].join('\r\n'),
        );
      });
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (received += chunk));
      socket.once('error', reject);
      socket.once('close', () => resolve(received));
    });
    expect(answer).not.toMatch(/101 Switching Protocols/i);
    expect(answer).toMatch(/^HTTP\/1\.1 403 /);
    // Bolt itself still works on the port.
    expect(await boltQuery(neo4jDriver.auth.basic('neo4j', password()))).toBeTypeOf('number');
  });
});

const QUERY = '{ node(id: "Township:620423101000") { id ... on Township { name } } }';
const base = (): string => t.server.url.replace(/\/graphql$/, '');

const CREATE = `mutation($id: ID!) {
  createEntity(input: { id: $id, kind: COOPERATIVE, name: "停电测试合作社（模拟）", synthetic: true, properties: { industry: "枸杞" } },
               source: { citation: "outage test" }) { id }
}`;

/**
 * A steady stream of reads (three workers) and writes (one editor creating cooperatives) until
 * stopped: every answer's status and error code in order, and the ids whose creation the API
 * acknowledged.
 */
function steadyLoad(): {
  answers: { status: number; code: string | undefined }[];
  acknowledged: string[];
  stop(): Promise<{ answers: { status: number; code: string | undefined }[]; acknowledged: string[] }>;
} {
  const answers: { status: number; code: string | undefined }[] = [];
  const acknowledged: string[] = [];
  const state = { running: true };
  let next = 0;
  const readers = Array.from({ length: 3 }, async () => {
    while (state.running) {
      const res = await t.gql(QUERY);
      answers.push({ status: res.status, code: res.body.errors?.[0]?.extensions?.code });
      await new Promise((r) => setTimeout(r, 20));
    }
  });
  const writer = (async () => {
    while (state.running) {
      const id = `Cooperative:test-outage-${String(next++)}`;
      const res = await t.gql(CREATE, { id }, { authorization: 'Bearer editor-token-0123456789' });
      const code = res.body.errors?.[0]?.extensions?.code;
      answers.push({ status: res.status, code });
      if (!code) acknowledged.push(id);
      await new Promise((r) => setTimeout(r, 30));
    }
  })();
  return {
    answers,
    acknowledged,
    async stop() {
      state.running = false;
      await Promise.all([...readers, writer]);
      return { answers, acknowledged };
    },
  };
}

/** Successes in a row at the end of the answers. */
function trailingSuccesses(answers: { code: string | undefined }[]): number {
  let n = 0;
  for (let i = answers.length - 1; i >= 0 && answers[i]?.code === undefined; i--) n++;
  return n;
}

describe('when Neo4j goes away while serving', () => {
  // Every step waits for an event (writes acknowledged, a failure seen, answers succeeding again),
  // never for a length of time; the generous deadlines only bound a run that would otherwise hang.
  it('answers DATABASE_UNAVAILABLE under reads and writes, keeps every acknowledged write, and recovers by itself', async () => {
    expect((await t.gql(QUERY)).body.data).toEqual({ node: { id: 'Township:620423101000', name: '芦阳镇' } });

    const load = steadyLoad();
    onTestFinished(() => load.stop().then(() => undefined));
    const state = (): string =>
      `${String(load.answers.length)} answers, ${String(load.acknowledged.length)} writes acknowledged, last ${JSON.stringify(load.answers.at(-1))}`;
    const acknowledgedReach = (n: number): Promise<void> =>
      waitUntil(`${String(n)} acknowledged writes`, () => load.acknowledged.length >= n, { state });
    await acknowledgedReach(3);
    const crashed = once(supervisor, 'crashed') as Promise<SupervisorEvents['crashed']>;
    const restarted = once(supervisor, 'restarted') as Promise<SupervisorEvents['restarted']>;
    const dead = neo4j.embedded;
    // SIGKILL, as the kernel's OOM killer or an operator's `kill -9` would.
    await dead?.kill();
    const [exit] = await crashed;
    expect(exit).toMatchObject({ signal: 'SIGKILL', requested: false });
    const atKill = load.answers.length;

    const during = await t.gql(QUERY);
    expect(during.status).toBe(503);
    expect(during.body.errors?.[0]?.extensions?.code).toBe('DATABASE_UNAVAILABLE');
    expect(JSON.stringify(during.body)).not.toMatch(/at .*\.js|ECONNREFUSED|bolt:\/\//);
    // /health and /ready answer from the background check, which sees the outage at its next ping.
    let health: { status?: string; database?: string } = {};
    await waitUntil(
      '/health to report the database down',
      async () => {
        const res = await fetch(`${base()}/health`);
        expect(res.status).toBe(200);
        health = (await res.json()) as typeof health;
        return health.database === 'down';
      },
      { state: () => JSON.stringify(health) },
    );
    expect(health).toMatchObject({ status: 'ok', database: 'down' });
    expect((await fetch(`${base()}/ready`)).status).toBe(503);

    // The load itself has met the outage before Neo4j comes back.
    await waitUntil('the load to meet the outage', () => load.answers.slice(atKill).some((a) => a.code !== undefined), {
      state,
    });

    // Nobody starts it: the supervisor does, on the same folder and port, and the running
    // server's driver finds it again unaided.
    openRestartGate();
    const [next] = await restarted;
    expect(next).toBe(neo4j.embedded);
    expect(next.pid).not.toBe(dead?.pid);
    expect(next.port).toBe(dead?.port);
    expect(printed.join('\n')).toMatch(/exited unexpectedly[^\n]*"signal":"SIGKILL"/);
    let ready = 0;
    await waitUntil(
      '/ready to answer 200 again',
      async () => {
        ready = (await fetch(`${base()}/ready`)).status;
        return ready === 200;
      },
      { everyMs: 250, state: () => `status ${String(ready)}` },
    );
    let after = await t.gql(QUERY);
    await waitUntil(
      'the API to answer again after Neo4j restarted',
      async () => {
        if (!after.body.errors) return true;
        after = await t.gql(QUERY);
        return !after.body.errors;
      },
      { everyMs: 250, state: () => JSON.stringify(after.body.errors) },
    );
    expect(after.body).toMatchObject({ data: { node: { name: '芦阳镇' } } });
    let healthAfter: { database?: string } = {};
    await waitUntil(
      '/health to report the database up',
      async () => {
        healthAfter = (await (await fetch(`${base()}/health`)).json()) as typeof healthAfter;
        return healthAfter.database === 'up';
      },
      { everyMs: 250, state: () => JSON.stringify(healthAfter) },
    );
    const beforeRecovery = load.acknowledged.length;
    await acknowledgedReach(beforeRecovery + 3);
    // The error rate back to zero: a run of successes, however long it takes to come.
    await waitUntil('ten successes in a row after the recovery', () => trailingSuccesses(load.answers) >= 10, {
      state,
    });
    const { answers, acknowledged } = await load.stop();

    // Every write the API acknowledged, before and after the outage, is there.
    expect(acknowledged.length).toBeGreaterThan(5);
    const [stored] = await t.db.read<{ n: number }>('MATCH (c:Cooperative) WHERE c.id IN $ids RETURN count(c) AS n', {
      ids: acknowledged,
    });
    expect(stored?.n).toBe(acknowledged.length);

    // Every failure was the outage, said as such; none was a 500 or a hang.
    const failures = answers.filter((a) => a.code !== undefined);
    expect(failures.length).toBeGreaterThan(0);
    expect(new Set(failures.map((f) => `${String(f.status)} ${String(f.code)}`))).toEqual(
      new Set(['503 DATABASE_UNAVAILABLE']),
    );
    // …and the error rate went back to zero: the last answers all succeeded.
    const lastFailure = answers.map((a) => a.code !== undefined).lastIndexOf(true);
    expect(answers.length - 1 - lastFailure).toBeGreaterThan(4);
  }, 600_000);
});

describe('the password', () => {
  it('appears in nothing the service printed or Neo4j wrote, across a start, a crash and a restart', () => {
    const secret = password();
    expect(printed.some((line) => line.includes('Starting embedded Neo4j'))).toBe(true);
    expect(printed.join('\n')).not.toContain(secret);
    const logs = path.join(home, 'logs');
    const files = [
      path.join(home, 'neo4j.conf'),
      ...fs.readdirSync(logs).map((f) => path.join(logs, f)),
      path.join(home, 'data', 'dbms', 'auth.ini'),
    ].filter((f) => fs.existsSync(f));
    expect(files.length).toBeGreaterThan(1);
    for (const file of files) expect(fs.readFileSync(file, 'utf8'), file).not.toContain(secret);
  });
});
