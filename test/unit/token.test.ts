import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';

import { DEFAULT_JWT } from '../../src/config.js';

const run = promisify(execFile);
// A secret of the script's own, so that it reads no local file and writes none.
const env = { ...process.env, JWT_SECRET: 'token-script-test-secret-0123456789abcdef', JWT_MAX_AGE_SECONDS: '' };

/** `npm run token -- …args`, as the README shows it. */
function token(...args: string[]) {
  return run(process.execPath, ['--import', 'tsx', 'src/auth/token.ts', ...args], { env });
}

describe('npm run token', () => {
  it('mints a token of the asked role and lifetime', async () => {
    const { stdout } = await token('--role', 'editor', '--sub', 'alice', '--expires', '2h');
    const claims = decodeJwt(stdout.trim());
    expect(claims).toMatchObject({ role: 'editor', sub: 'alice' });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(2 * 3600);
  });

  it('refuses a lifetime the service would refuse (longer than JWT_MAX_AGE_SECONDS), printing no token', async () => {
    expect(DEFAULT_JWT.maxAgeSeconds).toBeLessThan(7 * 24 * 3600);
    const refused = token('--expires', '7d');
    await expect(refused).rejects.toMatchObject({ code: 2, stdout: '' });
    await expect(refused).rejects.toMatchObject({ stderr: expect.stringContaining('JWT_MAX_AGE_SECONDS') as unknown });
  });
});
