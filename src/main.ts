import { loadConfig, type Config } from './config.js';

// `npm start`'s entry point. The configuration is read first, from the environment as the
// operator set it; only then is NODE_ENV defaulted to production and the service loaded.
let config: Config;
try {
  config = loadConfig();
} catch (err) {
  process.stderr.write(`[jingtai-kg] ${(err as Error).message}\n`);
  process.exit(1);
}

// graphql-js decides when it is loaded, from NODE_ENV, whether to run its development checks
// (a cross-realm instanceof check on every type test); Express and Apollo read it too. The
// settings that matter (introspection, stack traces, error details) are explicit and do not
// follow it; an operator who sets NODE_ENV keeps their value.
process.env.NODE_ENV ??= 'production';

const { run } = await import('./service.js');
await run(config);
