/**
 * Watches the service's dependencies (Kafka, Redis) on an interval and keeps their last status.
 * /readyz answers from that status, so a probe never waits on a broker. Invariant: each
 * transition (up → down, down → up) is logged exactly once, naming the address that failed.
 */
import type { LogSink } from '@riskline/stream-runtime';

export interface DependencyStatus {
  readonly ok: boolean;
  readonly detail: string;
  readonly since: string;
}

export type DependencyCheck = () => Promise<void>;

export class DependencyMonitor {
  private readonly status = new Map<string, DependencyStatus>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private wasReady = false;

  constructor(
    private readonly checks: Record<string, { check: DependencyCheck; describe: (error: unknown) => string }>,
    private readonly log: LogSink,
    private readonly intervalMs = 2000,
  ) {}

  /** Adds a check (e.g. the stream processors) after construction. */
  register(name: string, check: { check: DependencyCheck; describe: (error: unknown) => string }): void {
    this.checks[name] = check;
  }

  start(): void {
    if (this.timer) return;
    void this.runOnce();
    this.timer = setInterval(() => void this.runOnce(), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Runs every check once (concurrently) and records transitions. */
  runOnce(): Promise<void> {
    this.running ??= Promise.all(Object.entries(this.checks).map(([name, c]) => this.probe(name, c))).then(
      () => {
        this.running = null;
        const ready = this.ready();
        if (ready !== this.wasReady) this.log.info(ready ? 'ready' : 'not ready', { ready });
        this.wasReady = ready;
      },
    );
    return this.running;
  }

  snapshot(): Record<string, DependencyStatus> {
    const out: Record<string, DependencyStatus> = {};
    for (const name of Object.keys(this.checks)) {
      out[name] = this.status.get(name) ?? {
        ok: false,
        detail: 'not checked yet',
        since: new Date().toISOString(),
      };
    }
    return out;
  }

  ready(): boolean {
    return Object.values(this.snapshot()).every((s) => s.ok);
  }

  private async probe(
    name: string,
    c: { check: DependencyCheck; describe: (error: unknown) => string },
  ): Promise<void> {
    let next: { ok: boolean; detail: string };
    try {
      await c.check();
      next = { ok: true, detail: 'answering' };
    } catch (error) {
      next = { ok: false, detail: c.describe(error) };
    }
    const previous = this.status.get(name);
    if (!previous || previous.ok !== next.ok) {
      this.status.set(name, { ...next, since: new Date().toISOString() });
      if (next.ok) this.log.info(`${name} is answering`, { dependency: name });
      else this.log.warn(next.detail, { dependency: name });
    } else if (previous.detail !== next.detail) {
      this.status.set(name, { ...previous, detail: next.detail });
    }
  }
}
