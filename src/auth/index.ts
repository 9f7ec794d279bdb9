import { timingSafeEqual } from 'node:crypto';

import { errors, importSPKI, jwtVerify, type JWTPayload } from 'jose';

import { ROLES, type AuthConfig, type Role } from '../config.js';
import { forbidden, unauthenticated } from '../errors.js';

/** Who is calling: a named user or script with a role, or nobody. */
export interface Caller {
  id: string;
  role: Role | null;
}

export const ANONYMOUS: Caller = { id: 'anonymous', role: null };

const RANK: Record<Role, number> = { analyst: 1, editor: 2, admin: 3 };

function roleOf(payload: JWTPayload): Role | null {
  const claimed: unknown = payload.role ?? (Array.isArray(payload.roles) ? (payload.roles as unknown[]) : undefined);
  const candidates = Array.isArray(claimed) ? claimed : [claimed];
  const roles = candidates.filter((r): r is Role => typeof r === 'string' && (ROLES as readonly string[]).includes(r));
  return roles.sort((a, b) => RANK[b] - RANK[a])[0] ?? null;
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

// jose's key type, named through jose: the global CryptoKey is declared by the DOM library, which
// the server's own build (tsconfig.build.json) does not include.
type PublicKey = Awaited<ReturnType<typeof importSPKI>>;

const publicKeys = new Map<string, Promise<PublicKey>>();

/** The configured public key, imported once: an RSA key for RS256, else an EC P-256 key for ES256. */
function publicKey(pem: string): Promise<PublicKey> {
  let key = publicKeys.get(pem);
  if (!key) {
    key = importSPKI(pem, 'RS256').catch(() => importSPKI(pem, 'ES256'));
    publicKeys.set(pem, key);
  }
  return key;
}

/**
 * The caller behind an Authorization header: a static API token, or a JWT verified with the
 * configured HS256 secret or public key (issuer and audience checked when configured). A header
 * that is present but not valid is UNAUTHENTICATED, never silently anonymous.
 */
export async function authenticate(header: string | undefined, config: AuthConfig): Promise<Caller> {
  if (!header) return ANONYMOUS;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) throw unauthenticated('The Authorization header must be "Bearer <token>".');
  const token = match[1];
  for (const [known, caller] of config.apiTokens) {
    if (sameToken(known, token)) return caller;
  }
  // Never an empty HMAC key: anyone could sign with it.
  if (!config.jwtPublicKey && !config.jwtSecret) {
    throw unauthenticated('This server has no JWT key configured (JWT_SECRET or JWT_PUBLIC_KEY); use an API token.');
  }
  try {
    const key = config.jwtPublicKey
      ? await publicKey(config.jwtPublicKey)
      : new TextEncoder().encode(config.jwtSecret ?? '');
    // jose checks the claims: `exp` and `iat` present, `exp` not passed, `iat` not in the future,
    // and no more than the maximum lifetime since `iat` (whatever `exp` says), each within the
    // clock tolerance.
    const { payload } = await jwtVerify(token, key, {
      issuer: config.jwtIssuer,
      audience: config.jwtAudience,
      algorithms: config.jwtPublicKey ? ['RS256', 'ES256'] : ['HS256'],
      requiredClaims: ['exp', 'iat'],
      maxTokenAge: config.jwtMaxAgeSeconds,
      clockTolerance: config.jwtClockToleranceSeconds,
    });
    const role = roleOf(payload);
    if (!role) throw unauthenticated('The token carries no known role (analyst, editor or admin).');
    return { id: payload.sub ?? 'unknown', role };
  } catch (err) {
    if (err instanceof Error && err.name === 'GraphQLError') throw err;
    if (err instanceof errors.JWTExpired) {
      throw unauthenticated(
        `The token has expired, or was issued more than ${String(config.jwtMaxAgeSeconds)} s ago (the maximum lifetime).`,
      );
    }
    if (err instanceof errors.JWTClaimValidationFailed) {
      throw unauthenticated(
        `The token's "${err.claim}" claim is missing or not acceptable (exp and iat are required).`,
      );
    }
    throw unauthenticated('The token is not valid (signature, expiry, issuer or audience).');
  }
}

/** Throws unless the caller has at least `role`: UNAUTHENTICATED for nobody, FORBIDDEN for too little. */
export function requireRole(caller: Caller, role: Role, action: string): void {
  if (!caller.role) throw unauthenticated(`${action} needs a ${role} token: send Authorization: Bearer <token>.`);
  if (RANK[caller.role] < RANK[role])
    throw forbidden(`${action} needs the ${role} role; this token has ${caller.role}.`);
}
