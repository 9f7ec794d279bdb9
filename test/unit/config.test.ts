import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { loadConfig, projectRoot } from '../../src/config.js';
import { EmbeddedNeo4jError } from '../../src/neo4j/errors.js';
import { findJava } from '../../src/neo4j/jars.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

describe('embedded Neo4j prerequisites', () => {
  it('names the three ways out when Java is missing', () => {
    const saved = process.env.JAVA_HOME;
    process.env.JAVA_HOME = path.join(os.tmpdir(), 'no-such-jdk');
    cleanups.push(() => {
      if (saved === undefined) delete process.env.JAVA_HOME;
      else process.env.JAVA_HOME = saved;
    });
    expect(() => findJava()).toThrow(EmbeddedNeo4jError);
    expect(() => findJava()).toThrow(/Java 17 or newer[\s\S]*JDK 17[\s\S]*NEO4J_URI[\s\S]*docker compose up/);
  });
});

describe('configuration', () => {
  it('uses the embedded Neo4j by default, keeping its data in the project folder', () => {
    const config = loadConfig({});
    expect(config.neo4j).toMatchObject({
      mode: 'embedded',
      port: 7687,
      homeDir: path.join(projectRoot, '.neo4j/home'),
    });
    expect(config.port).toBe(4000);
  });

  it('switches to an external Neo4j, including a cluster routing URI, when NEO4J_URI is set', () => {
    const config = loadConfig({
      NEO4J_URI: 'neo4j://cluster.example:7687',
      NEO4J_USERNAME: 'reader',
      NEO4J_PASSWORD: 's3cret',
      NEO4J_DATABASE: 'jingtai',
    });
    expect(config.neo4j).toEqual({
      mode: 'external',
      uri: 'neo4j://cluster.example:7687',
      username: 'reader',
      password: 's3cret',
      database: 'jingtai',
    });
  });

  it('refuses a port that is not a number', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow('PORT must be an integer');
  });

  it('hides error details with ERROR_DETAILS=hidden, or by default under NODE_ENV=production', () => {
    expect(loadConfig({}).production).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production' }).production).toBe(true);
    expect(loadConfig({ ERROR_DETAILS: 'hidden' }).production).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production', ERROR_DETAILS: 'full' }).production).toBe(false);
    expect(() => loadConfig({ ERROR_DETAILS: 'some' })).toThrow('ERROR_DETAILS must be');
  });

  it('reads CORS_ORIGINS as exact origins, none by default, and refuses anything else', () => {
    expect(loadConfig({}).corsOrigins).toEqual([]);
    expect(loadConfig({ CORS_ORIGINS: ' https://portal.example.org , http://10.0.0.5:8080,' }).corsOrigins).toEqual([
      'https://portal.example.org',
      'http://10.0.0.5:8080',
    ]);
    for (const bad of ['*', 'portal.example.org', 'https://portal.example.org/', 'https://a.org/app', 'ftp://a.org']) {
      expect(() => loadConfig({ CORS_ORIGINS: bad })).toThrow('CORS_ORIGINS entries must be origins');
    }
  });

  it('finds the project folder from the sources', () => {
    expect(fs.existsSync(path.join(projectRoot, 'package.json'))).toBe(true);
    expect(fs.existsSync(path.join(projectRoot, 'schema'))).toBe(true);
  });
});

describe('configuration that several instances share', () => {
  const EXTERNAL = { NEO4J_URI: 'neo4j://cluster.example:7687' };

  function secretFile(content: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jingtai-kg-secret-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'secret');
    fs.writeFileSync(file, content);
    return file;
  }

  it('generates a JWT secret on this machine only for the embedded Neo4j', () => {
    const local = loadConfig({});
    expect(local.jwtKey).toBe('generated');
    expect(local.auth.jwtSecret).toBe(fs.readFileSync(path.join(projectRoot, '.neo4j/jwt-secret'), 'utf8').trim());
  });

  it('with an external Neo4j generates nothing: without a configured key JWTs are refused', () => {
    const config = loadConfig(EXTERNAL);
    expect(config.jwtKey).toBe('none');
    expect(config.auth.jwtSecret).toBeUndefined();
    expect(config.auth.jwtPublicKey).toBeUndefined();
  });

  it('reads the JWT secret, API tokens and Neo4j password from the environment or from mounted files', () => {
    const fromEnv = loadConfig({ ...EXTERNAL, JWT_SECRET: 'shared-secret-from-the-environment' });
    expect(fromEnv.jwtKey).toBe('JWT_SECRET');
    expect(fromEnv.auth.jwtSecret).toBe('shared-secret-from-the-environment');

    const fromFiles = loadConfig({
      ...EXTERNAL,
      JWT_SECRET_FILE: secretFile('shared-secret-from-a-mounted-secret-file\n'),
      API_TOKENS_FILE: secretFile('nightly:analyst:nightly-token-0123456789\n'),
      NEO4J_PASSWORD_FILE: secretFile('cluster-password\n'),
    });
    expect(fromFiles.jwtKey).toBe('JWT_SECRET');
    expect(fromFiles.auth.jwtSecret).toBe('shared-secret-from-a-mounted-secret-file');
    expect(fromFiles.auth.apiTokens.get('nightly-token-0123456789')).toEqual({ id: 'nightly', role: 'analyst' });
    expect(fromFiles.neo4j).toMatchObject({ mode: 'external', password: 'cluster-password' });
  });

  it('refuses a setting given twice or a file it cannot read', () => {
    expect(() => loadConfig({ ...EXTERNAL, JWT_SECRET: 'a', JWT_SECRET_FILE: secretFile('b') })).toThrow(
      'Set JWT_SECRET or JWT_SECRET_FILE, not both',
    );
    expect(() => loadConfig({ ...EXTERNAL, JWT_SECRET_FILE: '/no/such/secret' })).toThrow(
      'JWT_SECRET_FILE: cannot read /no/such/secret (ENOENT)',
    );
  });
});
