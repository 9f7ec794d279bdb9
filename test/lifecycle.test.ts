import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { projectRoot } from '../src/config.js';
import { Database, openDriver } from '../src/db/database.js';
import { PortInUseError, startServer } from '../src/http/server.js';
import { EmbeddedNeo4j } from '../src/neo4j/embedded.js';
import { EmbeddedNeo4jError } from '../src/neo4j/errors.js';
import { TEST_AUTH } from './helpers.js';
import { waitUntil } from './wait.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function occupyPort(): Promise<net.Server> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
  return server;
}

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

describe('embedded Neo4j life cycle', () => {
  it('leaves no JVM behind when the Node process that started it is killed with SIGKILL', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'jingtai-kg-orphan-'));
    cleanups.push(() => fs.rmSync(home, { recursive: true, force: true }));
    const node = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(projectRoot, 'test/fixtures/start-embedded.ts'), home],
      {
        cwd: projectRoot,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    // Should the test fail before it kills the fixture itself, it leaves nothing running either.
    cleanups.unshift(() => void node.kill('SIGKILL'));
    const pid = await new Promise<number>((resolve, reject) => {
      node.stdout.setEncoding('utf8');
      node.stdout.on('data', (chunk: string) => {
        const match = /JVM (\d+)/.exec(chunk);
        if (match?.[1]) resolve(Number(match[1]));
      });
      node.once('exit', (code) => reject(new Error(`fixture exited early with ${String(code)}`)));
    });
    expect(alive(pid)).toBe(true);

    node.kill('SIGKILL');
    // The launcher notices its stdin pipe close and shuts Neo4j down by itself.
    await waitUntil(`the orphaned JVM ${String(pid)} to exit by itself`, () => !alive(pid), {
      timeoutMs: 180_000,
      everyMs: 250,
    });
    expect(alive(pid)).toBe(false);
  }, 420_000); // starting a JVM and seeing it go take as long as a loaded machine needs

  it('says clearly when the Bolt port is taken, before starting any JVM', async () => {
    const blocker = await occupyPort();
    cleanups.push(() => void blocker.close());
    const port = (blocker.address() as net.AddressInfo).port;
    const start = EmbeddedNeo4j.start({
      homeDir: os.tmpdir(),
      port,
      database: 'neo4j',
      heap: '256m',
      pageCache: '32m',
      transactionTimeout: '10s',
    });
    await expect(start).rejects.toThrow(EmbeddedNeo4jError);
    await expect(start).rejects.toThrow(`Port ${String(port)} on 127.0.0.1 is already taken`);
  });
});

describe('HTTP port', () => {
  it('says clearly when the HTTP port is in use', async () => {
    const blocker = await occupyPort();
    cleanups.push(() => void blocker.close());
    const port = (blocker.address() as net.AddressInfo).port;
    const db = new Database(openDriver({ uri: 'bolt://127.0.0.1:1', database: 'neo4j' }), 'neo4j');
    cleanups.push(() => db.close());
    const start = startServer({ db, host: '127.0.0.1', port, auth: TEST_AUTH });
    await expect(start).rejects.toThrow(PortInUseError);
    await expect(start).rejects.toThrow(/PORT=/);
  });
});

// Configuration and the missing-Java message need no JVM: test/unit/config.test.ts.
