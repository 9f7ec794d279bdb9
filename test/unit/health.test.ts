import { afterEach, describe, expect, it, vi } from 'vitest';

import { DatabaseStatus } from '../../src/http/health.js';

/** A ping that answers what `answers` says next (the last one repeats) and counts its calls. */
function pinger(...answers: (boolean | Error)[]) {
  const calls = { n: 0 };
  const ping = (): Promise<boolean> => {
    const answer = answers[Math.min(calls.n, answers.length - 1)];
    calls.n += 1;
    return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer ?? false);
  };
  return { calls, ping };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('DatabaseStatus', () => {
  it('pings once at start, then answers any number of readers from that result', async () => {
    const { calls, ping } = pinger(true);
    const status = new DatabaseStatus(ping, 60_000);
    expect(status.current.up).toBe(false);
    await status.start();
    for (let i = 0; i < 1000; i++) expect(status.current.up).toBe(true);
    expect(calls.n).toBe(1);
    status.stop();
  });

  it('shares one ping among concurrent refreshes', async () => {
    const { calls, ping } = pinger(true);
    const status = new DatabaseStatus(ping, 60_000);
    await Promise.all(Array.from({ length: 50 }, () => status.refresh()));
    expect(calls.n).toBe(1);
    status.stop();
  });

  it('checks again every interval, and follows the database down and up', async () => {
    vi.useFakeTimers();
    const { calls, ping } = pinger(true, false, new Error('connection refused'), true);
    const status = new DatabaseStatus(ping, 1_000);
    await status.start();
    expect(status.current).toMatchObject({ up: true });
    const first = status.current.checkedAt.getTime();

    await vi.advanceTimersByTimeAsync(999);
    expect(calls.n).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls.n).toBe(2);
    expect(status.current.up).toBe(false);
    expect(status.current.checkedAt.getTime()).toBeGreaterThan(first);

    await vi.advanceTimersByTimeAsync(1_000);
    expect(status.current.up).toBe(false); // a failing ping counts as down, never as an error
    await vi.advanceTimersByTimeAsync(1_000);
    expect(status.current.up).toBe(true);
    expect(calls.n).toBe(4);

    status.stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls.n).toBe(4);
  });
});
