/**
 * A Kafka broker of a test's own, started by the stack's own script (`scripts/stack/kafka.mjs`)
 * on other ports with a state directory of its own, so a test may SIGKILL it, stop it cleanly
 * and restart it without disturbing the shared stack every other test uses. Its log survives a
 * restart (same directory), as a real broker's does.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createKafka } from '../kafka-client';
import { silentLog } from '../log-sink';

const repoRoot = resolve(__dirname, '../../../..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function alive(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('kafka.Kafka');
  } catch {
    return false;
  }
}

export class PrivateBroker {
  private readonly stateDir = mkdtempSync(join(tmpdir(), 'riskline-broker-'));
  private pid: number | null = null;

  /** `properties`: broker settings of this test's own (server.properties lines). */
  constructor(
    private readonly port: number,
    private readonly properties: Readonly<Record<string, string>> = {},
  ) {}

  get brokers(): string[] {
    return [`127.0.0.1:${this.port}`];
  }

  /** Starts the broker (formatting its storage the first time) and waits until it answers. */
  async start(timeoutMs = 90_000): Promise<void> {
    const started = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { startKafka } from ${JSON.stringify(join(repoRoot, 'scripts/stack/kafka.mjs'))};` +
          'process.stdout.write(String(startKafka()));',
      ],
      {
        encoding: 'utf8',
        env: {
          ...process.env,
          RISKLINE_STATE_DIR: this.stateDir,
          RISKLINE_KAFKA_PORT: String(this.port),
          RISKLINE_KAFKA_CONTROLLER_PORT: String(this.port + 1),
          RISKLINE_KAFKA_PROPERTIES: Object.entries(this.properties)
            .map(([k, v]) => `${k}=${v}`)
            .join('\n'),
        },
      },
    );
    if (started.status !== 0) throw new Error(`private broker did not start: ${started.stderr}`);
    this.pid = Number(started.stdout.trim());
    const admin = createKafka({
      clientId: 'private-broker-probe',
      brokers: this.brokers,
      log: silentLog,
      retries: 0,
    }).admin();
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        await admin.connect();
        await admin.describeCluster();
        await admin.disconnect();
        return;
      } catch (error) {
        await admin.disconnect().catch(() => undefined);
        if (!alive(this.pid)) throw new Error(`private broker exited: ${this.log().slice(-2000)}`);
        if (Date.now() > deadline) throw new Error(`private broker not ready: ${(error as Error).message}`);
        await sleep(500);
      }
    }
  }

  /** Signals the broker and waits until it is gone (SIGTERM: a clean, controlled shutdown). */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 60_000): Promise<void> {
    const pid = this.pid;
    if (pid === null || !alive(pid)) return;
    process.kill(pid, signal);
    const deadline = Date.now() + timeoutMs;
    while (alive(pid)) {
      if (Date.now() > deadline) process.kill(pid, 'SIGKILL');
      await sleep(200);
    }
    this.pid = null;
  }

  log(): string {
    try {
      return readFileSync(join(this.stateDir, 'kafka.log'), 'utf8');
    } catch {
      return '';
    }
  }

  async destroy(): Promise<void> {
    await this.stop('SIGKILL');
    rmSync(this.stateDir, { recursive: true, force: true });
  }
}
