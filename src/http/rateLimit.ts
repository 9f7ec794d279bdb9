import type { IncomingMessage } from 'node:http';

import proxyaddr from 'proxy-addr';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

import { rateLimited } from '../errors.js';

/** Anonymous callers' request budget: how many GraphQL requests per minute from one address. */
export interface RateLimitSettings {
  /** Requests per minute per client address for callers without a token; 0 turns the limit off. */
  perMinute: number;
  /**
   * Proxies whose X-Forwarded-For names the client, in Express's `trust proxy` terms (addresses,
   * CIDR ranges, `loopback`, `linklocal`, `uniquelocal`); none by default, so the client is the
   * socket's peer.
   */
  trustProxy: readonly string[];
}

/**
 * A check to call for each anonymous request: resolves while the caller's address has budget
 * left, and rejects with 429 RATE_LIMITED (and a Retry-After) once it has not. Kept in memory per
 * process by rate-limiter-flexible; undefined when the limit is off.
 */
export function anonymousRateLimit({
  perMinute,
  trustProxy,
}: RateLimitSettings): ((req: IncomingMessage) => Promise<void>) | undefined {
  if (perMinute <= 0) return undefined;
  const limiter = new RateLimiterMemory({ points: perMinute, duration: 60 });
  const trust = proxyaddr.compile([...trustProxy]);
  return async (req) => {
    // proxy-addr (what Express's req.ip uses): the socket's peer, or the nearest untrusted address
    // of X-Forwarded-For when the peer is a trusted proxy.
    const address = proxyaddr(req, trust);
    try {
      await limiter.consume(address);
    } catch (err) {
      if (err instanceof RateLimiterRes) throw rateLimited(Math.max(1, Math.ceil(err.msBeforeNext / 1000)));
      throw err;
    }
  };
}
