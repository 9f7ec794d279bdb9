import pino from 'pino';

/** The process logger: JSON lines on stdout, level from LOG_LEVEL (default info). */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? 'info',
  base: { service: 'jingtai-kg' },
  // Tokens and passwords must never reach the logs, even inside logged objects.
  redact: ['req.headers.authorization', '*.password', '*.token'],
});
