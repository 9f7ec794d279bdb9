import pino from 'pino';

// Lines are written to stdout asynchronously (sonic-boom buffers while a write is in flight), so
// a request never waits on the terminal, a pipe or a slow disk. Whatever is still buffered is
// written synchronously when the process exits, whichever way it exits.
const destination = pino.destination({ dest: 1, sync: false });
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
