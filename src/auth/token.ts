import { parseArgs } from 'node:util';

import { decodeJwt, SignJWT } from 'jose';

import { loadConfig, localJwtSecret, ROLES, type Role } from '../config.js';

// `npm run token -- --role editor --sub alice [--expires 8h]`: prints a JWT signed with the
// local secret (JWT_SECRET, or the one generated into .neo4j/jwt-secret), for the playground's
// Authorization header or a script.
const { values } = parseArgs({
  options: {
    role: { type: 'string', default: 'analyst' },
    sub: { type: 'string', default: process.env.USER ?? 'local-user' },
    expires: { type: 'string', default: '8h' },
  },
});
const role = values.role as Role;
if (!(ROLES as readonly string[]).includes(role)) {
  process.stderr.write(`--role must be one of ${ROLES.join(', ')}\n`);
  process.exit(2);
}
const issuedAt = Math.floor(Date.now() / 1000);
let jwt = new SignJWT({ role })
  .setProtectedHeader({ alg: 'HS256' })
  .setSubject(values.sub)
  .setIssuedAt(issuedAt)
  .setExpirationTime(values.expires);
if (process.env.JWT_ISSUER) jwt = jwt.setIssuer(process.env.JWT_ISSUER);
if (process.env.JWT_AUDIENCE) jwt = jwt.setAudience(process.env.JWT_AUDIENCE);
const token = await jwt.sign(new TextEncoder().encode(localJwtSecret()));
// A token the service would refuse as too long-lived (JWT_MAX_AGE_SECONDS) is not handed out.
const { jwtMaxAgeSeconds } = loadConfig().auth;
if ((decodeJwt(token).exp ?? Number.POSITIVE_INFINITY) - issuedAt > jwtMaxAgeSeconds) {
  process.stderr.write(
    `--expires ${values.expires} is longer than the service accepts (JWT_MAX_AGE_SECONDS=${String(jwtMaxAgeSeconds)}); ask for less or raise JWT_MAX_AGE_SECONDS\n`,
  );
  process.exit(2);
}
process.stdout.write(`${token}\n`);
