import pino from 'pino';

// Lines are written to stdout asynchronously, so a request never waits on the terminal, a pipe or a
// slow disk, and in batches: sonic-boom keeps lines until it holds LOG_BATCH_BYTES or a
// LOG_FLUSH_MS tick comes. One write per line (its default) was one system call per request,
// 6–9% of the service's CPU under `npm run bench:profile` (the log line is the only one a request
// writes); batched, a line waits at most LOG_FLUSH_MS. Whatever is still buffered is written
// synchronously when the process exits, whichever way it exits.
const LOG_BATCH_BYTES = 4096;
const LOG_FLUSH_MS = 250;
const destination = pino.destination({
  dest: 1,
  sync: false,
  minLength: LOG_BATCH_BYTES,
  periodicFlush: LOG_FLUSH_MS,
});
process.once('exit', flushLogs);

/** The process logger: JSON lines on stdout, level from LOG_LEVEL (default info). */
export const logger = pino(
  {
    level: process.env.LOG_LEVEL ?? 'info',
    base: { service: 'jingtai-kg' },
    // Tokens and passwords must never reach the logs, even inside logged objects.
    redact: ['req.headers.authorization', '*.password', '*.token'],
  },
  destination,
);

/** Writes out the buffered log lines now (before process.exit, which would drop them). */
export function flushLogs(): void {
  try {
    destination.flushSync();
  } catch {
    // Not open yet or already closed: nothing buffered to lose.
  }
}
