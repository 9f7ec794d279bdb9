/** What `/health` and `/ready` report: the database's state as last seen, and when. */
export interface DatabaseState {
  up: boolean;
  checkedAt: Date;
}

/**
 * The database's state, checked in the background: one ping every `intervalMs` (the next one
 * starts when the last has ended, so pings never pile up on a slow database), however many
 * clients ask `/health` or `/ready`. A load balancer polling readiness, or a crowd of clients
 * polling health, then costs the database nothing: a ping per request had 200 clients on
 * `/health` hold Neo4j connections that ordinary queries were waiting for.
 */
export class DatabaseStatus {
  private state: DatabaseState = { up: false, checkedAt: new Date(0) };
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly ping: () => Promise<boolean>,
    private readonly intervalMs: number,
  ) {}

  /** The state as last checked. */
  get current(): DatabaseState {
    return this.state;
  }

  /** Checks once now (joining a check already under way), then every `intervalMs` until stop(). */
  async start(): Promise<void> {
    await this.refresh();
  }

  /** Checks now; concurrent callers share one ping. */
  refresh(): Promise<void> {
    this.running ??= this.check().finally(() => {
      this.running = undefined;
      this.schedule();
    });
    return this.running;
  }

  /** No more checks; a check under way finishes on its own. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private async check(): Promise<void> {
    const up = await this.ping().catch(() => false);
    this.state = { up, checkedAt: new Date() };
  }

  private schedule(): void {
    clearTimeout(this.timer);
    if (this.stopped) return;
    // Never what keeps the process alive: the HTTP server does that while it listens.
    this.timer = setTimeout(() => void this.refresh(), this.intervalMs).unref();
  }
}
