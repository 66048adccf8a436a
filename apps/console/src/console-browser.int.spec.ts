/**
 * The console as an analyst uses it, in real headless Chromium (Debian's `chromium`, driven by
 * playwright-core) against the stack `npm start` brings up: the four services, the console and
 * the demo, whose own analysts stay silent so the verdicts are this test's. The browser logs in
 * by keyboard, sees the demo's incidents arrive in the live queue, opens svc-backup's page (one
 * identity, its timeline, the fields its detections matched), marks the whoami-only incident
 * false positive and sees the whoami rule's scorecard move and the rule clipped, on the entity
 * page and the rules page; the ATT&CK page shades techniques and exports Navigator layers; an
 * incident produced while the queue is open appears without a reload. The page never asks
 * anything of another origin. RISKLINE_SCREENSHOTS=1 writes each page to docs/console/.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { TOPIC_SPECS, topicEnvVar, topicNames, type RiskIncident } from '@riskline/contracts';

const root = resolve(__dirname, '../../..');
const BASE = 18181;
const CONSOLE = `http://127.0.0.1:${BASE + 4}`;
const TOKEN = `console-e2e-${randomUUID()}`;
const NOISY_RULE = 'riskline-discovery-whoami';
const shots = process.env.RISKLINE_SCREENSHOTS === '1' ? join(root, 'docs/console') : null;
/**
 * Topics and consumer groups of this run alone: rule states, scorecards and verdicts that other
 * tests left on the shared broker (the services e2e clips the same rule) cannot leak in.
 */
const RUN = `e2e-${randomUUID().slice(0, 8)}`;
const TOPIC_ENV = Object.fromEntries(TOPIC_SPECS.map((s) => [topicEnvVar(s.id), `${RUN}.${s.defaultName}`]));
const TOPICS = topicNames(TOPIC_ENV);

/** The flags the console issue names: headless, sandbox-less (root in CI), nothing phoning home. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function launchStart(env: Record<string, string>): {
  child: ChildProcess;
  output: () => string;
  exit: Promise<unknown>;
} {
  let output = '';
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  return { child, output: () => output, exit: new Promise((r) => child.on('exit', r)) };
}

async function waitFor(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * WCAG 2 A/AA violations axe-core finds on a page (contrast, names, labels, structure), in a
 * context of its own that lets axe's script in past the console's CSP.
 */
async function accessibilityViolations(
  browser: Browser,
  from: Page,
  path: string,
  ready: string,
): Promise<string[]> {
  const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
  try {
    await context.addCookies(await from.context().cookies());
    const page = await context.newPage();
    await page.goto(`${CONSOLE}${path}`);
    await page.locator(ready).first().waitFor();
    await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
    const violations = (await page.evaluate(
      "axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }).then((r) => r.passes.length < 10 ? ['axe checked almost nothing: ' + r.passes.length + ' rules passed'] : r.violations.map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')))",
    )) as string[];
    return violations;
  } finally {
    await context.close();
  }
}

async function shot(page: Page, name: string): Promise<void> {
  if (shots) await page.screenshot({ path: join(shots, `${name}.png`), fullPage: name !== 'attack' });
}

describe('analyst console in a real browser', () => {
  let start: ReturnType<typeof launchStart>;
  let browser: Browser;
  let page: Page;
  const foreign: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const config = mkdtempSync(join(tmpdir(), 'riskline-console-'));
    // One verdict is enough to judge a rule here, so the test's single verdict clips it.
    writeFileSync(join(config, 'dispositions.yml'), 'min_sample: 1\n');
    start = launchStart({
      RISKLINE_HTTP_PORT_BASE: String(BASE),
      RISKLINE_E2E: '1',
      RISKLINE_DEMO_EVENTS: '3000',
      RISKLINE_DEMO_VERDICTS: '0',
      RISKLINE_API_TOKEN: TOKEN,
      DISPOSITIONS_CONFIG: join(config, 'dispositions.yml'),
      ...TOPIC_ENV,
      CONSUMER_GROUP_PREFIX: RUN,
      RISKLINE_PARTITIONS: '3',
    });
    await waitFor(() => start.output().includes('all services ready'), 180_000, 'all services ready');
    expect(start.output()).toContain(`[start] analyst console: ${CONSOLE}/`);
    if (shots) mkdirSync(shots, { recursive: true });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('request', (r) => {
      if (!r.url().startsWith(CONSOLE)) foreign.push(r.url());
    });
    page.on('pageerror', (e) => pageErrors.push(e.message));
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    start?.child.kill('SIGINT');
    await start?.exit;
  }, 60_000);

  it('logs in by keyboard and keeps the token out of script and URL', async () => {
    await page.goto(`${CONSOLE}/`);
    await page.getByLabel('API token').waitFor();
    await shot(page, 'login');
    await page.keyboard.press('Tab');
    await page.getByLabel('API token').fill('wrong-token-0123456789');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'not the API token' }).waitFor();
    await page.getByLabel('API token').fill(TOKEN);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Incident queue' }).waitFor();
    expect(await page.evaluate('document.cookie')).toBe('');
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === 'riskline_session')).toMatchObject({
      httpOnly: true,
      sameSite: 'Strict',
    });
    expect(page.url()).not.toContain(TOKEN);
  });

  it("sees the demo's incidents arrive in the live queue, one svc-backup however the logs spell it", async () => {
    await page.getByText('Live', { exact: true }).waitFor({ timeout: 30_000 });
    await page.getByRole('link', { name: 'user:corp\\svc-backup' }).first().waitFor({ timeout: 180_000 });
    await waitFor(() => start.output().includes('Ctrl-C stops everything'), 180_000, 'the demo to finish');
    await page.getByRole('link', { name: 'user:corp\\admin2' }).first().waitFor({ timeout: 30_000 });
    const queue = await page.getByTestId('incident-queue').innerText();
    expect(queue).not.toMatch(/svc-backup@/i);
    expect(queue).toMatch(/high/);
    // Sorting by score: the first row scores at least as much as the last.
    await page.getByRole('button', { name: 'Score' }).click();
    await page.waitForURL(/sort=score/);
    await shot(page, 'incident-queue');
  });

  it("opens svc-backup's page: its risk timeline, contributions, incidents and the fields its detections matched", async () => {
    await page.getByRole('link', { name: 'user:corp\\svc-backup' }).first().click();
    await page.getByRole('heading', { name: /corp\\svc-backup/ }).waitFor();
    const timeline = page.getByTestId('risk-timeline');
    await timeline.waitFor();
    expect(await timeline.getAttribute('aria-label')).toMatch(
      /contributions summing to [\d.]+ against a threshold of 100/,
    );
    expect(await page.locator('[data-testid="risk-timeline"] rect[fill^="#"]').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('entity-incident').count()).toBeGreaterThanOrEqual(1);
    // The process-creation rules show the event fields they tested.
    await page.locator('.evidence dt', { hasText: 'CommandLine' }).first().waitFor();
    await shot(page, 'entity');
  });

  it("shows an attacker's attribution profile, two operators suspected behind one access", async () => {
    await page.goto(`${CONSOLE}/entities/attacker/hp-203.0.113.77`);
    await page.getByRole('heading', { name: 'Attribution profile' }).waitFor();
    expect(await page.getByText('multi-actor suspected').innerText()).toContain('motor.keyboard_layout');
    await shot(page, 'attacker');
  });

  it('marks the whoami incident false positive and sees the rule scorecard move and the rule clipped', async () => {
    await page.getByRole('link', { name: 'Incidents' }).click();
    await page.getByRole('link', { name: 'user:corp\\admin2' }).first().click();
    const incident = page.locator(`[data-testid="entity-incident"][data-sources="${NOISY_RULE}"]`).first();
    await incident.waitFor();
    const row = page.locator(`[data-testid="involved-rules"] tr[data-rule-id="${NOISY_RULE}"]`);
    expect(await row.getByTestId('verdict-counts').innerText()).toBe('0 / 0 / 0');
    expect(await row.innerText()).toContain('enabled');
    await incident.getByRole('button', { name: 'False positive' }).click();
    await page.getByRole('status').filter({ hasText: 'Verdict recorded' }).waitFor();
    await incident
      .getByRole('button', { name: 'False positive', pressed: true })
      .waitFor({ timeout: 15_000 });
    await row.getByTestId('fp-ratio').filter({ hasText: '100%' }).waitFor({ timeout: 30_000 });
    expect(await row.getByTestId('verdict-counts').innerText()).toMatch(/^0 \/ [1-9]\d* \/ 0$/);
    await row.getByText('clipped').waitFor({ timeout: 30_000 });
    expect(await row.innerText()).toMatch(/auto clip/);
    await shot(page, 'verdict');

    await page.getByRole('link', { name: 'Rules' }).click();
    const rule = page.locator(`[data-testid="rules-table"] tr[data-rule-id="${NOISY_RULE}"]`);
    await rule.waitFor();
    expect(await rule.innerText()).toMatch(/clipped[\s\S]*by auto clip · auto-clip: false-positive ratio 1/);
    expect(await rule.innerText()).toContain('100%');
    await shot(page, 'rules');
  });

  it('shades the ATT&CK matrix and exports Navigator layers in format 4.5', async () => {
    await page.getByRole('link', { name: 'ATT&CK' }).click();
    const map = page.getByTestId('attack-heatmap');
    await map.waitFor();
    expect(await map.innerText()).toContain('T1033');
    await page.getByRole('button', { name: 'Rule coverage' }).click();
    await shot(page, 'attack');
    for (const layer of ['coverage', 'detections']) {
      const response = await page.request.get(`${CONSOLE}/api/v1/attack/navigator?layer=${layer}`);
      expect(response.status()).toBe(200);
      const body = (await response.json()) as {
        versions: { layer: string };
        domain: string;
        techniques: { techniqueID: string }[];
      };
      expect(body.versions.layer).toBe('4.5');
      expect(body.domain).toBe('enterprise-attack');
      expect(body.techniques.map((t) => t.techniqueID)).toContain('T1033');
    }
    const bad = await page.request.get(`${CONSOLE}/api/v1/attack/navigator?layer=everything&from=yesterday`);
    expect(bad.status()).toBe(400);
    expect(JSON.stringify(await bad.json())).toMatch(/"path":"layer".*|"path":"from"/);
  });

  it('shows an incident produced while the queue is open, without a reload', async () => {
    await page.getByRole('link', { name: 'Incidents' }).click();
    await page.getByTestId('incident-queue').waitFor();
    const now = new Date().toISOString();
    const incident: RiskIncident = {
      schema_version: 1,
      risk_incident_id: randomUUID(),
      kind: 'incident_opened',
      revision: 1,
      episode_start: now,
      policy: 'score-24h',
      entity_type: 'host',
      entity_value: 'e2e-live-host',
      trigger: 'score',
      score: 321,
      score_threshold: 100,
      severity: 'high',
      tactic_count: 1,
      tactic_count_threshold: null,
      tactics: ['execution'],
      sources: ['riskline-execution-encoded-powershell'],
      source_count: 1,
      window_start: now,
      window_end: now,
      result_count: 1,
    };
    const kafka = new Kafka({
      brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
      logLevel: logLevel.NOTHING,
    });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: TOPICS.riskIncidents,
      messages: [{ key: 'host:e2e-live-host', value: JSON.stringify(incident) }],
    });
    await producer.disconnect();
    await page.getByRole('link', { name: 'host:e2e-live-host' }).waitFor({ timeout: 30_000 });
    expect(await page.locator('tr.fresh').count()).toBeGreaterThanOrEqual(1);
  });

  it('lets an operator set a rule state with a reason and an expiry, refuses a bad one naming its field, and clear it', async () => {
    await page.getByRole('link', { name: 'Rules' }).click();
    const rule = page.locator('[data-testid="rules-table"] tr[data-rule-id="riskline-discovery-nltest"]');
    await rule.getByText('Set state').click();
    await rule.getByLabel('State').selectOption('disabled');
    // What the tagger refuses comes back with its field path.
    await rule.getByLabel('Reason').fill('x'.repeat(1100));
    await rule.getByRole('button', { name: 'Apply' }).click();
    await rule.getByRole('alert').filter({ hasText: 'reason:' }).waitFor();
    await rule.getByLabel('Reason').fill('change freeze on domain controllers');
    await rule.getByLabel('Expires (UTC)').fill('2099-01-01T00:00');
    await rule.getByRole('button', { name: 'Apply' }).click();
    await rule.getByText('by operator · change freeze on domain controllers').waitFor({ timeout: 15_000 });
    expect(await rule.innerText()).toContain('until 2099-01-01 00:00:00Z');
    if ((await rule.locator('details[open]').count()) === 0) await rule.getByText('Set state').click();
    await rule.getByRole('button', { name: 'Clear state' }).click();
    await rule.getByText('by operator').waitFor({ state: 'detached', timeout: 15_000 });
    expect(await rule.innerText()).toContain('enabled');
  });

  it('answers bad input with 400 and field paths, unknown subjects with 404, never 500', async () => {
    const post = (path: string, data: unknown) => page.request.post(`${CONSOLE}${path}`, { data });
    const bad = await post('/api/v1/verdicts', { scope: 'incident', verdict: 'maybe', extra: 1 });
    expect(bad.status()).toBe(400);
    const paths = ((await bad.json()) as { fields: { path: string }[] }).fields.map((f) => f.path).sort();
    expect(paths).toEqual(['extra', 'incident_id', 'verdict']);
    expect(
      (
        await post('/api/v1/verdicts', { scope: 'incident', incident_id: 'nope', verdict: 'true_positive' })
      ).status(),
    ).toBe(404);
    expect(
      (
        await post('/api/v1/verdicts', {
          scope: 'detection',
          detection_id: 'nope',
          verdict: 'false_positive',
        })
      ).status(),
    ).toBe(404);
    expect((await post('/api/v1/rules/x/state', ['not', 'an', 'object'])).status()).toBe(400);
    const state = await post('/api/v1/rules/riskline-discovery-nltest/state', { state: 'sleepy' });
    expect(state.status()).toBe(400);
    expect(JSON.stringify(await state.json())).toContain('"path":"state"');
    expect((await page.request.get(`${CONSOLE}/api/v1/entities/No Such Type/x`)).status()).toBe(400);
    expect((await page.request.get(`${CONSOLE}/api/v1/incidents?limit=x&sort=loud`)).status()).toBe(400);
    expect((await page.request.get(`${CONSOLE}/api/v1/incidents/none`)).status()).toBe(404);
    const unknown = await page.request.get(`${CONSOLE}/api/v1/entities/user/nobody`);
    expect(unknown.status()).toBe(200);
    expect(await unknown.json()).toMatchObject({ risk: null, detections: [], incidents: [] });
  });

  it('passes axe-core WCAG 2.1 AA checks on every page', async () => {
    const pages: [string, string][] = [
      ['/', '[data-testid="incident-queue"] tbody tr'],
      ['/entities/user/corp%5Csvc-backup', '[data-testid="risk-timeline"]'],
      ['/entities/user/corp%5Cadmin2', '[data-testid="entity-incident"]'],
      ['/rules', '[data-testid="rules-table"]'],
      ['/attack', '[data-testid="attack-heatmap"]'],
    ];
    for (const [path, ready] of pages)
      expect({ path, violations: await accessibilityViolations(browser, page, path, ready) }).toEqual({
        path,
        violations: [],
      });
  });

  it('logs out, after which the API answers 401, and asked nothing of another origin', async () => {
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByLabel('API token').waitFor();
    expect((await page.request.get(`${CONSOLE}/api/v1/incidents`)).status()).toBe(401);
    expect(foreign).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
