import { GraphQLError } from 'graphql';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';

import { authenticate } from '../../src/auth/index.js';
import type { AuthConfig } from '../../src/config.js';

// An instance on an external Neo4j without a configured JWT key (src/config.ts): no JWT passes,
// and the refusal says why, while its API tokens still work.
const NO_KEY: AuthConfig = {
  anonymousRead: true,
  apiTokens: new Map([['script-token-0123456789', { id: 'script', role: 'editor' }]]),
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
