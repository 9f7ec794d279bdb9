import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

import { DEFAULT_TRANSACTION_MEMORY } from '../config.js';
import { EmbeddedNeo4jError, WAYS_OUT } from './errors.js';
import { prepareLauncher } from './jars.js';

export interface EmbeddedOptions {
  /** Folder for the database files and Neo4j's own logs; created if missing. */
  homeDir: string;
  /** Bolt port on 127.0.0.1; 0 picks a free one. */
  port: number;
  database: string;
  heap: string;
  pageCache: string;
  transactionTimeout: string;
  /** Memory one transaction may use before Neo4j aborts it (NEO4J_TRANSACTION_MAX_MEMORY). */
  transactionMemory?: string;
  /** Receives human-readable progress lines (download, start, stop). */
  report?: (line: string) => void;
}

// Required by Neo4j 5 on Java 17+: it reaches into NIO internals for its page cache and Netty.
const JVM_OPENS = [
  '--add-opens=java.base/java.nio=ALL-UNNAMED',
  '--add-opens=java.base/java.io=ALL-UNNAMED',
  '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
];

const START_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 60_000;

// Every JVM this process started and has not yet seen exit. On a normal exit of Node they are
// sent SIGTERM; on a crash or SIGKILL of Node their stdin pipe closes and the launcher exits by itself.
const running = new Set<ChildProcessWithoutNullStreams>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGTERM');
});

/** Resolves with `port` if it is free on 127.0.0.1, or a free port when `port` is 0. */
async function claimPort(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') {
        reject(
          new EmbeddedNeo4jError(
            `Port ${String(port)} on 127.0.0.1 is already taken (another Neo4j, or a second npm start?).\n` +
              'Set NEO4J_EMBEDDED_PORT to a free port (0 picks one), or set NEO4J_URI to use the Neo4j that runs there.',
          ),
        );
      } else reject(err);
    });
    probe.listen({ host: '127.0.0.1', port, exclusive: true }, () => {
      const address = probe.address();
      const chosen = typeof address === 'object' && address ? address.port : port;
      probe.close(() => resolve(chosen));
    });
  });
}

/** The user the API connects as; its password lives in {@link passwordFile}. */
export const EMBEDDED_USER = 'neo4j';

/** Where the password of the embedded database's `neo4j` user is kept: `<home>/auth/neo4j.password`. */
export function passwordFile(homeDir: string): string {
  return path.join(homeDir, 'auth', 'neo4j.password');
}

/**
 * Reads the password of `homeDir`'s database, generating it (32 random bytes, base64url) the first
 * time. The home and the auth folder are made 0700 and the file 0600: only this user reads them.
 */
export function embeddedPassword(homeDir: string): string {
  fs.mkdirSync(homeDir, { recursive: true, mode: 0o700 });
  fs.chmodSync(homeDir, 0o700);
  const file = passwordFile(homeDir);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.chmodSync(path.dirname(file), 0o700);
  try {
    fs.writeFileSync(file, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    // Already there (an earlier start, or a concurrent one that won the race): keep it.
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  fs.chmodSync(file, 0o600);
  return fs.readFileSync(file, 'utf8').trim();
}

/**
 * Takes group and other access off everything under `dir` (files 0600 or 0700, folders 0700):
 * a data folder written before its files were created private, or copied in from elsewhere.
 */
export function makePrivate(dir: string): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() && !entry.isDirectory()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const mode = fs.statSync(file).mode & 0o777;
    if (mode & 0o077) fs.chmodSync(file, entry.isDirectory() ? 0o700 : mode & 0o700);
  }
  fs.chmodSync(dir, 0o700);
}

/**
 * Runs `start` with the umask 077, so that what a child started in it creates (Neo4j's store,
 * transaction logs and logs) is readable by this user only: a child takes the umask it is forked
 * with. Where the umask cannot be set (a worker thread), makePrivate at each start is what remains.
 */
function withPrivateUmask<T>(start: () => T): T {
  let previous: number | undefined;
  try {
    previous = process.umask(0o077);
  } catch {
    previous = undefined;
  }
  try {
    return start();
  } finally {
    if (previous !== undefined) process.umask(previous);
  }
}

function configuration(options: EmbeddedOptions, port: number): string {
  const address = `127.0.0.1:${String(port)}`;
  return [
    'server.bolt.enabled=true',
    // Loopback only: nothing off this machine reaches the database.
    `server.bolt.listen_address=${address}`,
    `server.bolt.advertised_address=${address}`,
    'server.bolt.tls_level=DISABLED',
    // No HTTP(S) connector (and so no browser, no HTTP API): Bolt is the only way in.
    'server.http.enabled=false',
    'server.https.enabled=false',
    // Every Bolt connection must log in; the launcher sets the password from the password file.
    'dbms.security.auth_enabled=true',
    `initial.dbms.default_database=${options.database}`,
    `server.memory.pagecache.size=${options.pageCache}`,
    `db.transaction.timeout=${options.transactionTimeout}`,
    `db.memory.transaction.max=${options.transactionMemory ?? DEFAULT_TRANSACTION_MEMORY}`,
    // Do not keep a stopping database waiting on transactions the API has given up on.
    'db.shutdown_transaction_end_timeout=2s',
    // Netty's graceful-shutdown quiet periods otherwise add ~10 s to every stop of an idle server.
    'internal.dbms.bolt.netty_server_shutdown_quiet_period=0',
    'internal.dbms.bolt.netty_server_shutdown_timeout=2s',
    'internal.server.bolt.connection_shutdown_wait_time=1s',
    // Intranet machines have no internet; never try to phone home.
    'dbms.usage_report.enabled=false',
    '',
  ].join('\n');
}

/** How the JVM ended: its exit code or signal, and whether `stop()` asked for it. */
export interface EmbeddedExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  requested: boolean;
}

/** A Neo4j Community server running in a child JVM, reachable over Bolt on 127.0.0.1. */
export class EmbeddedNeo4j {
  /** Resolves when the JVM has exited, however. */
  readonly exited: Promise<EmbeddedExit>;
  private stopRequested = false;
  // A private field, not a property: never serialised, logged or shown by a debugger's summary.
  readonly #password: string;

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    readonly port: number,
    readonly options: EmbeddedOptions,
    password: string,
  ) {
    this.#password = password;
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal, requested: this.stopRequested })),
    );
  }

  /** Bolt URI for neo4j-driver. */
  get uri(): string {
    return `bolt://127.0.0.1:${String(this.port)}`;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** The user and password to log in with (from the password file in the home folder). */
  credentials(): { username: string; password: string } {
    return { username: EMBEDDED_USER, password: this.#password };
  }

  /** Ensures the jars, claims the port, starts the JVM and waits for its readiness line. */
  static async start(options: EmbeddedOptions): Promise<EmbeddedNeo4j> {
    const report = options.report ?? (() => undefined);
    const launcher = await prepareLauncher(report);
    const port = await claimPort(options.port);
    const password = embeddedPassword(options.homeDir);
    const confFile = path.join(options.homeDir, 'neo4j.conf');
    fs.writeFileSync(confFile, configuration(options, port), { mode: 0o600 });
    makePrivate(options.homeDir);

    report(`Starting embedded Neo4j on bolt://127.0.0.1:${String(port)} (data in ${options.homeDir})...`);
    const started = Date.now();
    const child = withPrivateUmask(() =>
      spawn(
        launcher.java,
        [
          `-Xms${options.heap}`,
          `-Xmx${options.heap}`,
          '-XX:+ExitOnOutOfMemoryError',
          '-Dfile.encoding=UTF-8',
          ...JVM_OPENS,
          '-cp',
          launcher.classPath,
          'Launcher',
          options.homeDir,
          confFile,
          options.database,
          passwordFile(options.homeDir),
        ],
        // A process group of its own: Ctrl-C in a terminal reaches Node, which then stops the
        // database in order (driver first), instead of both racing to exit.
        { stdio: ['pipe', 'pipe', 'pipe'], detached: true },
      ),
    );
    running.add(child);
    child.once('exit', () => running.delete(child));

    const neo4j = new EmbeddedNeo4j(child, port, options, password);
    await neo4j.waitUntilReady();
    report(`Embedded Neo4j ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return neo4j;
  }

  private waitUntilReady(): Promise<void> {
    const { child } = this;
    const stderr: string[] = [];
    let failure = '';
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new EmbeddedNeo4jError(`Neo4j did not start within ${String(START_TIMEOUT_MS / 1000)} s.`));
      }, START_TIMEOUT_MS);
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => {
        if (chunk.includes('NEO4J_READY')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (chunk: string) => {
        for (const line of chunk.split('\n')) {
          if (line.startsWith('NEO4J_FAILED')) failure = line.slice('NEO4J_FAILED '.length);
          else if (line.trim()) stderr.push(line);
        }
        if (stderr.length > 30) stderr.splice(0, stderr.length - 30);
      });
      child.once('error', (err) => {
        clearTimeout(timer);
        reject(new EmbeddedNeo4jError(`Could not run Java: ${err.message}\n${WAYS_OUT}`));
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        const detail = failure || stderr.slice(-10).join('\n') || `exit code ${String(code)}`;
        const hint = /lock/i.test(detail)
          ? `\nThe data folder ${this.options.homeDir} is in use by another Neo4j (is npm start already running?).`
          : '';
        reject(new EmbeddedNeo4jError(`Neo4j exited before it was ready: ${detail}${hint}`));
      });
    });
  }

  /** Stops Neo4j cleanly (SIGTERM, the launcher's shutdown hook), escalating to SIGKILL after a bound. */
  async stop(): Promise<void> {
    this.stopRequested = true;
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await this.exited;
    clearTimeout(timer);
  }

  /** Kills the JVM at once, as a crash would: for fault-injection tests. */
  async kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }
}
