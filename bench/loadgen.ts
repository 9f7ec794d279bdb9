import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

import autocannon from 'autocannon';

// The load generator runs in a child process of its own, not in the process serving the API, the
// peer and the floor, nor in a worker thread of it (autocannon's `workers`): a child has its own
// event loop, heap, garbage collector and libuv thread pool, and the OS schedules it like any other
// client, so generating load takes nothing from the servers' process but CPU time, which all three
// sides pay alike. `LoadGenerator` (in the parent) sends one run at a time; this module is also
// the child's entry point.

/** One measurement: a warm-up (unrecorded), then `seconds` of closed-loop load. */
export interface LoadRun {
  url: string;
  body: string;
  connections: number;
  seconds: number;
  warmupSeconds: number;
}

export interface LoadResult {
  /** Latency of every completed request of the measured part, in ms. */
  latencies: number[];
  /** Wall time of the measured part, in seconds. */
  elapsed: number;
  /** Socket errors and timeouts. */
  errors: number;
  /** Answers with a status other than 2xx. */
  non2xx: number;
  /** 2xx answers whose body holds GraphQL `errors`. */
  graphqlErrors: number;
  /** Every answer of the run, the warm-up's too: what the servers' CPU time is divided by. */
  answered: number;
}

type Request = { id: number; run: LoadRun } | { id: number; stop: true };
type Reply = { id: number; result: LoadResult } | { id: number; error: string };

async function load(run: LoadRun, record: boolean): Promise<LoadResult> {
  const latencies: number[] = [];
  const started = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: run.url,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: run.body,
        connections: run.connections,
        duration: record ? run.seconds : run.warmupSeconds,
        // A GraphQL error comes back with status 200: count it as a failed request.
        verifyBody: (body) => !String(body).includes('"errors":['),
      },
      (err, res) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(res)),
    );
    if (record) {
      instance.on('response', (_client, _status, _bytes, responseTime) => void latencies.push(responseTime));
    }
  });
  return {
    latencies,
    elapsed: (performance.now() - started) / 1000,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    graphqlErrors: result.mismatches,
    answered: result.requests.total,
  };
}

// The child: serve runs until the parent goes away (even if it is killed, the IPC channel closes).
if (process.send && process.env.BENCH_LOADGEN_CHILD === '1') {
  const send = (reply: Reply): void => void process.send?.(reply);
  // Ctrl-C reaches the whole process group: the parent decides when this process stops.
  process.on('SIGINT', () => undefined);
  process.on('disconnect', () => process.exit(0));
  process.on('message', (message: Request) => {
    if ('stop' in message) process.exit(0);
    void (async () => {
      try {
        const warm = message.run.warmupSeconds > 0 ? (await load(message.run, false)).answered : 0;
        const result = await load(message.run, true);
        send({ id: message.id, result: { ...result, answered: result.answered + warm } });
      } catch (err) {
        send({ id: message.id, error: err instanceof Error ? err.message : String(err) });
      }
    })();
  });
}

/** The parent's handle on the load-generating child process. */
export class LoadGenerator {
  private readonly child: ChildProcess;
  private next = 0;
  private readonly pending = new Map<number, { resolve: (r: LoadResult) => void; reject: (e: Error) => void }>();
  private exited = false;

  constructor(signal: AbortSignal) {
    // Same Node flags as this process (tsx), same file as the child's entry point.
    this.child = fork(fileURLToPath(import.meta.url), [], {
      env: { ...process.env, BENCH_LOADGEN_CHILD: '1' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child.on('message', (reply: Reply) => {
      const waiter = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if ('result' in reply) waiter?.resolve(reply.result);
      else waiter?.reject(new Error(`load generator: ${reply.error}`));
    });
    this.child.on('exit', (code, sig) => {
      this.exited = true;
      const why = new Error(`load generator exited (${sig ?? String(code)})`);
      for (const waiter of this.pending.values()) waiter.reject(why);
      this.pending.clear();
    });
    signal.addEventListener('abort', () => this.close(), { once: true });
  }

  async run(run: LoadRun): Promise<LoadResult> {
    if (this.exited) throw new Error('load generator is not running');
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ id, run } satisfies Request);
    });
  }

  /** Stops the child at once, failing any run in progress. */
  close(): void {
    if (!this.exited) this.child.kill('SIGTERM');
  }
}
