import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';

import { describe, expect, inject, it } from 'vitest';

import { projectRoot } from '../src/config.js';

// What `npm start` runs: the server compiled by tsconfig.build.json, under plain node.
describe('the compiled server (npm start)', () => {
  it('serves from dist/server, keeps error details unless asked, and flushes its logs on SIGTERM', async () => {
    execFileSync(
      process.execPath,
      [path.join(projectRoot, 'node_modules/typescript/bin/tsc'), '-b', 'tsconfig.build.json'],
      {
        cwd: projectRoot,
        stdio: 'inherit',
      },
    );
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NEO4J_URI: inject('neo4jUri'),
      NEO4J_USERNAME: inject('neo4jCredentials').username,
      NEO4J_PASSWORD: inject('neo4jCredentials').password,
      NEO4J_DATABASE: inject('neo4jDatabase'),
      PORT: '0',
      SEED_ON_START: 'false',
      LOG_LEVEL: 'info',
    };
    delete env.NODE_ENV;
    delete env.ERROR_DETAILS;
    const child = spawn(process.execPath, ['dist/server/main.js'], {
      cwd: projectRoot,
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => {
        output += chunk;
        const match = /GraphQL: +(http\S+)/.exec(output);
        if (match?.[1]) resolve(match[1]);
      });
      void exited.then((code) => reject(new Error(`exited with ${String(code)}: ${output}`)));
    });
    try {
      const post = async (query: string) => {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query }),
        });
        return (await res.json()) as { data?: unknown; errors?: { message: string }[] };
      };
      expect(await post('query Village { node(id: "Village:620423101203") { id } }')).toMatchObject({
        data: { node: { id: 'Village:620423101203' } },
      });
      // NODE_ENV defaults to production for graphql-js, yet the suggestions stay (ERROR_DETAILS).
      expect((await post('{ countyy { name } }')).errors?.[0]?.message).toMatch(/Did you mean "county"/);
      const page = await fetch(url.replace(/graphql$/, 'playground'));
      expect(page.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(output).toMatch(/"operation":"Village".*"msg":"graphql"/);
  });
});
