/**
 * The services as a user runs them: `npm start`'s script brings all four and the console to ready against the
 * real stack and Ctrl-C leaves no process behind; a service facing an unreachable broker says
 * which address failed; a bad config value refuses to start naming the variable.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Running {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly exit: Promise<number | null>;
}

function launch(args: string[], env: Record<string, string>): Running {
  let output = '';
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, output: () => output, exit };
}

async function waitFor(
  predicate: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

async function status(port: number, path: string): Promise<{ code: number; body: unknown } | null> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(2000) });
    return { code: response.status, body: await response.json() };
  } catch {
    return null;
  }
}

/** Pids of processes whose command line runs one of this checkout's service entry points. */
function servicePids(): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((pid) => {
      try {
        const cmd = readFileSync(join('/proc', pid, 'cmdline'), 'utf8');
        return (
          cmd.includes('/src/main.ts') &&
          cmd.includes('apps/') &&
          readFileSync(join('/proc', pid, 'environ'), 'utf8').includes('RISKLINE_E2E=1')
        );
      } catch {
        return false;
      }
    })
    .map(Number);
}

const tsEntry = (app: string) => ['-r', '@swc-node/register', `apps/${app}/src/main.ts`];

describe('services (real Kafka and Redis)', () => {
  it('npm start brings all four services to ready, and SIGINT leaves no process behind', async () => {
    const base = 18081;
    const start = launch(['scripts/start.mjs'], {
      RISKLINE_HTTP_PORT_BASE: String(base),
      RISKLINE_E2E: '1',
      RISKLINE_DEMO_EVENTS: '3000',
    });
    try {
      await waitFor(() => start.output().includes('all services ready'), 120_000, 'all services ready');
      // The demo replays the scenario and reports what the tagger found: both attack stories.
      await waitFor(() => start.output().includes('Ctrl-C stops everything'), 150_000, 'the demo summary');
      const demo = start
        .output()
        .split('\n')
        .filter((l) => l.startsWith('[demo]'));
      expect(demo.some((l) => /^\[demo\]\s+\d+\s+user:corp\\svc-backup\s+\[.*lateral-movement/.test(l))).toBe(
        true,
      );
      expect(demo.some((l) => /^\[demo\]\s+\d+\s+src_ip:203\.0\.113\.77\s+\[.*persistence/.test(l))).toBe(
        true,
      );
      expect(demo.some((l) => l.includes('PsExec Service Child Process'))).toBe(true);
      // …and the risk accumulator turned the insider's detections into incidents.
      expect(demo.some((l) => /^\[demo\]\s+tactics-7d\s+tactic_count\s+user:corp\\svc-backup/.test(l))).toBe(
        true,
      );
      expect(demo.some((l) => /^\[demo\]\s+score-24h\s+score\s+user:corp\\svc-backup/.test(l))).toBe(true);
      // One identity for svc-backup however the logs spell it (CORP\svc-backup, svc-backup@CORP.EXAMPLE),
      // one growing episode where a repeat per cooldown was, and an incident explained by its asset.
      expect(demo.some((l) => /svc-backup@/i.test(l))).toBe(false);
      expect(
        demo.some((l) =>
          /^\[demo\]\s+score-24h\s+score\s+user:corp\\svc-backup .* revisions ([2-9]|\d\d+)$/.test(l),
        ),
      ).toBe(true);
      expect(
        demo.some((l) => /^\[demo\] why host:srv-db-01 scores [\d.]+: criticality critical/.test(l)),
      ).toBe(true);
      expect(demo.some((l) => /critical-asset ×1\.5/.test(l))).toBe(true);
      // The analysts' verdicts clip the noisy whoami rule, and the honeypot's two operators are seen.
      expect(demo.some((l) => /analysts posted \d+ verdicts .*: [1-9]\d* accepted/.test(l))).toBe(true);
      expect(demo.some((l) => l.startsWith('[demo] auto-clipped riskline-discovery-whoami:'))).toBe(true);
      expect(
        demo.some((l) =>
          /hp-203\.0\.113\.77 .*multi-actor suspected: motor\.input_modality, motor\.keyboard_layout/.test(l),
        ),
      ).toBe(true);
      // The analysts' incident verdicts reach the accumulator in-band and are applied there.
      await waitFor(
        async () =>
          /riskline_records_total\{processor="risk-accumulator",[^}]*outcome="verdict_applied"\} [1-9]/.test(
            await (await fetch(`http://127.0.0.1:${base + 1}/metrics`)).text(),
          ),
        30_000,
        'incident verdicts applied by the risk accumulator',
      );
      for (let port = base; port < base + 4; port++) {
        const ready = await status(port, '/readyz');
        expect(ready?.code).toBe(200);
        expect(await status(port, '/healthz')).toEqual({ code: 200, body: { status: 'ok' } });
        // Every service documents its /api routes (OpenAPI at /api/docs).
        const docs = await status(port, '/api/docs/openapi.json');
        expect(docs?.code).toBe(200);
        expect(
          Object.keys((docs!.body as { paths: object }).paths).every((p) => p.startsWith('/api/v1/')),
        ).toBe(true);
        expect(Object.keys((docs!.body as { paths: object }).paths).length).toBeGreaterThan(0);
        // Every service's partitions report to Prometheus.
        const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
        expect(metrics).toMatch(/^riskline_restore_seconds_count\{processor="[a-z-]+"/m);
      }
      // The analyst console: up, its pages served, its /api documented and behind the token.
      const consolePort = base + 4;
      expect((await status(consolePort, '/readyz'))?.code).toBe(200);
      expect(start.output()).toContain(`[start] analyst console: http://127.0.0.1:${consolePort}/`);
      const index = await fetch(`http://127.0.0.1:${consolePort}/entities/user/x`);
      expect(index.status).toBe(200);
      expect(index.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(await index.text()).toContain('<div id="root"></div>');
      expect((await status(consolePort, '/api/v1/incidents'))?.code).toBe(401);
      const consoleDocs = await status(consolePort, '/api/docs/openapi.json');
      expect(Object.keys((consoleDocs!.body as { paths: object }).paths)).toEqual(
        expect.arrayContaining(['/api/v1/incidents', '/api/v1/entities/{type}/{value}', '/api/v1/verdicts']),
      );
      expect(servicePids()).toHaveLength(5);
    } finally {
      start.child.kill('SIGINT');
      await start.exit;
    }
    expect(servicePids()).toEqual([]);
    expect(start.output()).toContain('[start] stopped');
    for (let port = base; port < base + 5; port++) expect(await status(port, '/healthz')).toBeNull();
    const lines = start
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
  }, 300_000);

  it('reports the unreachable broker address, not a stack trace, and is not ready', async () => {
    const port = 18091;
    const service = launch(tsEntry('risk-accumulator'), {
      HTTP_PORT: String(port),
      KAFKA_BROKERS: '127.0.0.1:1',
      RISKLINE_E2E: '1',
      RISKLINE_API_TOKEN: 'e2e-token-0123456789',
    });
    try {
      await waitFor(
        async () => (await status(port, '/readyz'))?.code === 503 && service.output().includes('unreachable'),
        30_000,
        'not-ready',
      );
      const ready = (await status(port, '/readyz'))!;
      expect(JSON.stringify(ready.body)).toContain('Kafka broker 127.0.0.1:1 unreachable');
      expect(service.output()).toMatch(
        /"level":"warn".*Kafka broker 127\.0\.0\.1:1 unreachable: .*ECONNREFUSED/,
      );
      expect(service.output()).not.toMatch(/\n\s+at /);
    } finally {
      service.child.kill('SIGTERM');
      await service.exit;
    }
  }, 60_000);

  it('refuses to start on invalid config, naming each variable', async () => {
    const service = launch(tsEntry('attribution-worker'), {
      HTTP_PORT: 'eighty',
      REDIS_URL: 'localhost:6379',
      RISKLINE_E2E: '1',
    });
    expect(await service.exit).toBe(78);
    expect(service.output()).toContain('HTTP_PORT must be an integer (got \\"eighty\\")');
    expect(service.output()).toContain('REDIS_URL must be a redis:// or rediss:// URL');
  }, 30_000);
});
