import { once } from 'node:events';

import { describe, expect, it } from 'vitest';

import type { EmbeddedExit, EmbeddedNeo4j, EmbeddedOptions } from '../../src/neo4j/embedded.js';
import { EmbeddedSupervisor, type SupervisorLogger } from '../../src/neo4j/supervisor.js';

const OPTIONS: EmbeddedOptions = {
  homeDir: '/nonexistent',
  port: 0,
  database: 'neo4j',
  heap: '256m',
  pageCache: '32m',
  transactionTimeout: '10s',
};

/** A stand-in for a running JVM: `crash()` ends it as SIGKILL would, `stop()` as asked. */
function fakeJvm(port: number, pid: number) {
  let exit: (e: EmbeddedExit) => void = () => undefined;
  const exited = new Promise<EmbeddedExit>((resolve) => (exit = resolve));
  const jvm = {
    port,
    pid,
    options: { ...OPTIONS, port: 0 },
    exited,
    stopped: false,
    stop() {
      jvm.stopped = true;
      exit({ code: 0, signal: null, requested: true });
      return Promise.resolve();
    },
    crash() {
      exit({ code: null, signal: 'SIGKILL', requested: false });
    },
  };
  return jvm;
}

function recorder(): {
  lines: { level: string; msg: string; fields: Record<string, unknown> }[];
  logger: SupervisorLogger;
} {
  const lines: { level: string; msg: string; fields: Record<string, unknown> }[] = [];
  const at =
    (level: string) =>
    (fields: object, msg: string): void =>
      void lines.push({ level, msg, fields: fields as Record<string, unknown> });
  return { lines, logger: { info: at('info'), warn: at('warn'), error: at('error') } };
}

describe('EmbeddedSupervisor', () => {
  it('restarts a JVM that died on the same port, and logs it', async () => {
    const first = fakeJvm(7777, 1);
    const started: EmbeddedOptions[] = [];
    const second = fakeJvm(7777, 2);
    const { lines, logger } = recorder();
    const supervisor = new EmbeddedSupervisor(first as never, {
      delaysMs: [1, 1, 1],
      logger,
      start: (options) => {
        started.push(options);
        return Promise.resolve(second as never as EmbeddedNeo4j);
      },
    });
    const restarted = once(supervisor, 'restarted');
    first.crash();
    expect(await restarted).toEqual([second]);
    expect(supervisor.restarts).toBe(1);
    expect(supervisor.current).toBe(second);
    expect(started).toEqual([{ ...OPTIONS, port: 7777 }]);
    expect(lines.map((l) => `${l.level} ${l.msg}`)).toEqual([
      'error embedded Neo4j exited unexpectedly; restarting it',
      'warn embedded Neo4j: restart attempt after a delay',
      'warn embedded Neo4j restarted',
    ]);
    await supervisor.close();
    expect(second.stopped).toBe(true);
  });

  it('gives up after the bounded number of attempts, waiting longer before each', async () => {
    const first = fakeJvm(7777, 1);
    let calls = 0;
    const { lines, logger } = recorder();
    const supervisor = new EmbeddedSupervisor(first as never, {
      delaysMs: [1, 2, 4],
      logger,
      start: () => {
        calls += 1;
        return Promise.reject(new Error('port taken'));
      },
    });
    const gaveUp = once(supervisor, 'gave-up');
    first.crash();
    await gaveUp;
    expect(calls).toBe(3);
    expect(lines.filter((l) => l.msg.includes('after a delay')).map((l) => l.fields.delayMs)).toEqual([1, 2, 4]);
    expect(lines.filter((l) => l.msg.includes('attempt failed'))).toHaveLength(3);
    expect(lines.at(-1)?.level).toBe('error');
    expect(supervisor.restarts).toBe(0);
    await supervisor.close();
  });

  it('leaves a JVM alone that was asked to stop', async () => {
    const first = fakeJvm(7777, 1);
    let calls = 0;
    const { lines, logger } = recorder();
    const supervisor = new EmbeddedSupervisor(first as never, {
      delaysMs: [1],
      logger,
      start: () => {
        calls += 1;
        return Promise.resolve(fakeJvm(7777, 2) as never as EmbeddedNeo4j);
      },
    });
    await supervisor.close();
    await first.exited;
    expect(first.stopped).toBe(true);
    expect(calls).toBe(0);
    expect(lines).toEqual([]);
  });
});
