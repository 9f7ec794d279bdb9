import { EventEmitter } from 'node:events';

import { logger as processLogger } from '../logger.js';
import { EmbeddedNeo4j, type EmbeddedExit, type EmbeddedOptions } from './embedded.js';

/** The part of pino's logger the supervisor uses. */
export interface SupervisorLogger {
  info(fields: object, msg: string): void;
  warn(fields: object, msg: string): void;
  error(fields: object, msg: string): void;
}

export interface SupervisorOptions {
  /** Wait before the 1st, 2nd, … restart within the window; its length bounds the attempts. */
  delaysMs?: readonly number[];
  /** Attempts older than this no longer count against the bound. */
  windowMs?: number;
  /** Starts a JVM (EmbeddedNeo4j.start; replaced in tests). */
  start?: (options: EmbeddedOptions) => Promise<EmbeddedNeo4j>;
  logger?: SupervisorLogger;
}

/** What the supervisor tells its listeners (the health monitor, tests): each step as it happens. */
export interface SupervisorEvents {
  /** The JVM exited without being asked to; a restart follows. */
  crashed: [exit: EmbeddedExit];
  /** A new JVM is up on the same port and folder. */
  restarted: [instance: EmbeddedNeo4j];
  /** Every attempt within the window failed; no more are made. */
  'gave-up': [];
}

/** 1 s, 2 s, 4 s, 8 s, 16 s: five attempts, about half a minute of waiting in all. */
export const RESTART_DELAYS_MS: readonly number[] = [1_000, 2_000, 4_000, 8_000, 16_000];
export const RESTART_WINDOW_MS = 10 * 60_000;

/**
 * Keeps the embedded Neo4j running while the service runs: when its JVM exits without having been
 * asked to (a crash, an out-of-memory exit, SIGKILL), it is started again on the same port and
 * folder, so the driver, which knows only the URI, finds it again by itself. Attempts are bounded:
 * at most `delaysMs.length` within `windowMs`, each after a longer wait; past that the supervisor
 * gives up and says so (the service keeps answering 503 DATABASE_UNAVAILABLE, /ready 503).
 */
export class EmbeddedSupervisor extends EventEmitter<SupervisorEvents> {
  private instance: EmbeddedNeo4j;
  private closing = false;
  private restarting: Promise<void> | undefined;
  private attempts: number[] = [];
  private wake: (() => void) | undefined;
  private readonly delaysMs: readonly number[];
  private readonly windowMs: number;
  private readonly start: (options: EmbeddedOptions) => Promise<EmbeddedNeo4j>;
  private readonly log: SupervisorLogger;
  /** Restarts that brought the database back; for tests and metrics. */
  restarts = 0;

  constructor(first: EmbeddedNeo4j, options: SupervisorOptions = {}) {
    super();
    this.instance = first;
    this.delaysMs = options.delaysMs ?? RESTART_DELAYS_MS;
    this.windowMs = options.windowMs ?? RESTART_WINDOW_MS;
    this.start = options.start ?? ((o) => EmbeddedNeo4j.start(o));
    this.log = options.logger ?? processLogger;
    this.watch(first);
  }

  /** The JVM running now (a new one after each restart). */
  get current(): EmbeddedNeo4j {
    return this.instance;
  }

  /** Stops supervising, waits for a restart under way, and stops the database cleanly. */
  async close(): Promise<void> {
    this.closing = true;
    this.wake?.();
    await this.restarting;
    await this.instance.stop();
  }

  private watch(instance: EmbeddedNeo4j): void {
    void instance.exited.then((exit) => {
      if (this.closing || exit.requested || instance !== this.instance) return;
      this.restarting = this.restart(instance, exit).finally(() => {
        this.restarting = undefined;
      });
    });
  }

  private async restart(dead: EmbeddedNeo4j, exit: EmbeddedExit): Promise<void> {
    this.log.error(
      { pid: dead.pid, code: exit.code, signal: exit.signal, port: dead.port },
      'embedded Neo4j exited unexpectedly; restarting it',
    );
    this.emit('crashed', exit);
    const options: EmbeddedOptions = { ...dead.options, port: dead.port };
    for (;;) {
      const now = Date.now();
      this.attempts = this.attempts.filter((t) => now - t < this.windowMs);
      const attempt = this.attempts.length;
      const delay = this.delaysMs[attempt];
      if (delay === undefined) {
        this.log.error(
          { attempts: attempt, windowMs: this.windowMs },
          'embedded Neo4j: giving up restarting it; the API answers DATABASE_UNAVAILABLE until the service is restarted',
        );
        this.emit('gave-up');
        return;
      }
      this.log.warn(
        { attempt: attempt + 1, of: this.delaysMs.length, delayMs: delay, port: options.port },
        'embedded Neo4j: restart attempt after a delay',
      );
      await this.sleep(delay);
      if (this.isClosing()) return;
      this.attempts.push(Date.now());
      try {
        const next = await this.start(options);
        if (this.isClosing()) {
          await next.stop();
          return;
        }
        this.instance = next;
        this.restarts += 1;
        this.watch(next);
        this.log.warn({ attempt: attempt + 1, pid: next.pid, port: next.port }, 'embedded Neo4j restarted');
        this.emit('restarted', next);
        return;
      } catch (err) {
        this.log.error(
          { attempt: attempt + 1, err: err instanceof Error ? err.message : String(err) },
          'embedded Neo4j: restart attempt failed',
        );
      }
    }
  }

  /** Read through a call: close() may run while a restart awaits, which narrowing cannot see. */
  private isClosing(): boolean {
    return this.closing;
  }

  /** Waits `ms`, or less when close() is called meanwhile. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
