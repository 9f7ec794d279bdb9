import type http from 'node:http';

import helmet from 'helmet';

/**
 * Security headers on every answer, GraphQL, health, metrics and pages alike, from helmet:
 * `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer`, `X-Frame-Options`,
 * `Cross-Origin-Opener-Policy` and `-Resource-Policy`, and a Content Security Policy that lets a
 * JSON answer load nothing and be framed by nobody. The pages (src/http/web.ts) replace that
 * policy with their own, which allows what they load from this server.
 *
 * No `Strict-Transport-Security`: the service speaks plain HTTP (on loopback or an intranet);
 * the TLS proxy in front of it, where there is one, is the place to send it.
 */
export function securityHeaders(): (req: http.IncomingMessage, res: http.ServerResponse, next: () => void) => void {
  const middleware = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'none'"],
      },
    },
    strictTransportSecurity: false,
  });
  return (req, res, next) => {
    middleware(req, res, () => next());
  };
}
