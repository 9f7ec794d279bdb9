import { GraphQLError } from 'graphql';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';

import { authenticate } from '../../src/auth/index.js';
import { DEFAULT_JWT, loadConfig, type AuthConfig } from '../../src/config.js';

const SECRET = 'unit-test-secret-of-at-least-32-bytes!';
const AUTH: AuthConfig = {
  anonymousRead: true,
  apiTokens: new Map(),
  jwtSecret: SECRET,
  jwtMaxAgeSeconds: 3600,
  jwtClockToleranceSeconds: 30,
};
const now = (): number => Math.floor(Date.now() / 1000);

/** An HS256 token with the given claims (numbers are epoch seconds; absent ones are left out). */
function token(claims: { iat?: number; exp?: number }, secret = SECRET): Promise<string> {
  let jwt = new SignJWT({ role: 'editor' }).setProtectedHeader({ alg: 'HS256' }).setSubject('alice');
  if (claims.iat !== undefined) jwt = jwt.setIssuedAt(claims.iat);
  if (claims.exp !== undefined) jwt = jwt.setExpirationTime(claims.exp);
  return jwt.sign(new TextEncoder().encode(secret));
}

async function refusal(jwt: string): Promise<string> {
  try {
    await authenticate(`Bearer ${jwt}`, AUTH);
  } catch (err) {
    const { extensions, message } = err as { extensions: { code: string }; message: string };
    return `${extensions.code}: ${message}`;
  }
  return 'accepted';
}

describe('JWT claims', () => {
  it('accepts a token issued now that expires within the maximum lifetime', async () => {
    expect(await authenticate(`Bearer ${await token({ iat: now(), exp: now() + 600 })}`, AUTH)).toEqual({
      id: 'alice',
      role: 'editor',
    });
  });

  it('refuses a token without exp, or without iat', async () => {
    expect(await refusal(await token({ iat: now() }))).toMatch(/^UNAUTHENTICATED: .*"exp" claim/);
    expect(await refusal(await token({ exp: now() + 600 }))).toMatch(/^UNAUTHENTICATED: .*"iat" claim/);
  });

  it('refuses a token issued longer ago than the maximum lifetime, whatever its exp says', async () => {
    const year2100 = Date.UTC(2100, 0, 1) / 1000;
    expect(await refusal(await token({ iat: now() - 3600 - 31, exp: year2100 }))).toMatch(
      /^UNAUTHENTICATED: .*maximum lifetime/,
    );
    // Within the lifetime it is accepted until then: the bound is the lifetime since iat.
    expect(await refusal(await token({ iat: now() - 60, exp: year2100 }))).toBe('accepted');
  });

  it('refuses a token whose iat is in the future beyond the clock tolerance, and allows the tolerance', async () => {
    expect(await refusal(await token({ iat: now() + 3600, exp: now() + 7200 }))).toMatch(
      /^UNAUTHENTICATED: .*"iat" claim/,
    );
    expect(await refusal(await token({ iat: now() + 10, exp: now() + 600 }))).toBe('accepted');
  });

  it('refuses an expired token', async () => {
    expect(await refusal(await token({ iat: now() - 600, exp: now() - 60 }))).toMatch(/^UNAUTHENTICATED: .*expired/);
  });
});

describe('JWT configuration', () => {
  it('refuses a JWT_SECRET shorter than 32 bytes at start, saying how to make one', () => {
    expect(() => loadConfig({ JWT_SECRET: 'too-short-a-secret' })).toThrow(
      /JWT_SECRET must be at least 32 bytes \(got 18\)/,
    );
    // Bytes, not characters: 11 Chinese characters are 33 bytes in UTF-8.
    expect(loadConfig({ JWT_SECRET: '景泰县扶贫知识图谱密钥' }).auth.jwtSecret).toBe('景泰县扶贫知识图谱密钥');
    expect(loadConfig({ JWT_SECRET: SECRET }).auth.jwtSecret).toBe(SECRET);
  });

  it('reads the maximum lifetime and the clock tolerance, with defaults written once', () => {
    const defaults = loadConfig({ JWT_SECRET: SECRET }).auth;
    expect(defaults.jwtMaxAgeSeconds).toBe(DEFAULT_JWT.maxAgeSeconds);
    expect(defaults.jwtClockToleranceSeconds).toBe(DEFAULT_JWT.clockToleranceSeconds);
    const set = loadConfig({ JWT_SECRET: SECRET, JWT_MAX_AGE_SECONDS: '900', JWT_CLOCK_TOLERANCE_SECONDS: '5' }).auth;
    expect([set.jwtMaxAgeSeconds, set.jwtClockToleranceSeconds]).toEqual([900, 5]);
    expect(() => loadConfig({ JWT_SECRET: SECRET, JWT_MAX_AGE_SECONDS: 'a day' })).toThrow(/JWT_MAX_AGE_SECONDS/);
  });
});

// An instance on an external Neo4j without a configured JWT key (src/config.ts): no JWT passes,
// and the refusal says why, while its API tokens still work.
const NO_KEY: AuthConfig = {
  anonymousRead: true,
  apiTokens: new Map([['script-token-0123456789', { id: 'script', role: 'editor' }]]),
  jwtMaxAgeSeconds: DEFAULT_JWT.maxAgeSeconds,
  jwtClockToleranceSeconds: DEFAULT_JWT.clockToleranceSeconds,
};

describe('authentication without a JWT key', () => {
  it('refuses every JWT with UNAUTHENTICATED and still accepts API tokens', async () => {
    const jwt = await new SignJWT({ role: 'admin' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('mallory')
      .sign(new TextEncoder().encode('a-secret-this-instance-does-not-have'));
    const refusal = await authenticate(`Bearer ${jwt}`, NO_KEY).catch((err: unknown) => err);
    expect(refusal).toBeInstanceOf(GraphQLError);
    expect((refusal as GraphQLError).extensions.code).toBe('UNAUTHENTICATED');
    expect((refusal as GraphQLError).message).toMatch(/no JWT key configured/);
    expect(await authenticate('Bearer script-token-0123456789', NO_KEY)).toEqual({ id: 'script', role: 'editor' });
  });
});
