/**
 * The deployment as an operator meets it, without a cluster or a Docker engine:
 * - the image: the Dockerfile's own steps replayed (scripts/image-rehearsal.mjs, run by
 *   `npm test` into .riskline/image) give plain JavaScript, production dependencies only,
 *   a non-root user and no sources;
 * - the chart: `helm lint`, `helm template` with the defaults and the ci/ values files, every
 *   manifest validated strictly (scripts/validate-manifests.mjs); bad values refused with the
 *   message a user reads;
 * - the two together: every service boots from the image's build with exactly the environment
 *   the chart renders for it (secrets resolved to test values, addresses pointed at the local
 *   stack, mounts at temporary directories), answers /readyz 200 and exits 0 on SIGTERM; the
 *   topic Job's command runs as rendered.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { createKafka, silentLog } from '@riskline/stream-runtime';
import { testBrokers, testRedisUrl, uniqueName } from '@riskline/stream-runtime/testing';

const repoRoot = resolve(__dirname, '../..');
const chart = join(repoRoot, 'k8s/helm/riskline');
const imageDir = join(repoRoot, '.riskline/image');

interface FinalStage {
  readonly workdir: string;
  readonly env: Record<string, string>;
  readonly user: string;
  readonly entrypoint: string[];
  readonly cmd: string[];
}

type Manifest = { kind: string; metadata: { name: string }; [key: string]: unknown };

let helm = '';
let image: FinalStage;

function sh(command: string, args: string[], input?: string) {
  return spawnSync(command, args, { cwd: repoRoot, encoding: 'utf8', input, maxBuffer: 64 * 1024 * 1024 });
}

function template(args: string[]): { status: number | null; stdout: string; stderr: string } {
  return sh(helm, ['template', 'rl', chart, ...args]);
}

function manifests(args: string[]): Manifest[] {
  const rendered = template(args);
  if (rendered.status !== 0) throw new Error(rendered.stderr);
  return parseAllDocuments(rendered.stdout)
    .map((d) => d.toJS() as Manifest | null)
    .filter((m): m is Manifest => m !== null);
}

beforeAll(() => {
  const ensured = sh(process.execPath, ['scripts/ensure-helm.mjs']);
  if (ensured.status !== 0) throw new Error(`helm: ${ensured.stderr}`);
  helm = ensured.stdout.trim();
  if (!existsSync(join(imageDir, 'final.json'))) {
    const rehearsed = sh(process.execPath, ['scripts/image-rehearsal.mjs', imageDir]);
    if (rehearsed.status !== 0) throw new Error(`image rehearsal: ${rehearsed.stderr}`);
  }
  image = JSON.parse(readFileSync(join(imageDir, 'final.json'), 'utf8')) as FinalStage;
}, 900_000);

describe('the image (Dockerfile steps replayed)', () => {
  it('holds the build and production dependencies only, runs as a non-root user, no sources', () => {
    expect(image.user).toBe('node');
    expect(image.entrypoint).toEqual(['node', 'bin/riskline.js']);
    const modules = readdirSync(join(image.workdir, 'node_modules'));
    for (const dev of ['typescript', 'jest', 'nx', '@swc-node', 'eslint']) expect(modules).not.toContain(dev);
    expect(modules).toEqual(expect.arrayContaining(['kafkajs', 'ioredis', '@nestjs']));
    expect(existsSync(join(image.workdir, 'apps'))).toBe(false);
    for (const service of ['tagger', 'risk-accumulator', 'disposition-ingestor', 'attribution-worker', 'cli'])
      expect(existsSync(join(image.workdir, 'dist', service, 'apps', service, 'src', 'main.js'))).toBe(true);
    const usage = spawnSync(process.execPath, ['bin/riskline.js'], { cwd: image.workdir, encoding: 'utf8' });
    expect(usage.stderr).toMatch(/riskline topics/);
  });
});

describe('the Helm chart', () => {
  const valuesFiles = readdirSync(join(chart, 'ci')).map((f) => join(chart, 'ci', f));

  it('lints with the defaults and every ci values file', () => {
    for (const args of [[], ...valuesFiles.map((f) => ['-f', f])]) {
      const lint = sh(helm, ['lint', chart, ...args]);
      expect({ args, status: lint.status, out: lint.stdout.includes('0 chart(s) failed') }).toEqual({
        args,
        status: 0,
        out: true,
      });
    }
  });

  it('renders manifests that validate strictly against the API schemas', () => {
    expect(valuesFiles.length).toBeGreaterThanOrEqual(3);
    for (const args of [
      [],
      ['--set', 'autoscaling.hpa.enabled=true'],
      ...valuesFiles.map((f) => ['-f', f]),
    ]) {
      const rendered = template(args);
      expect(rendered.stderr).toBe('');
      const validated = sh(process.execPath, ['scripts/validate-manifests.mjs'], rendered.stdout);
      expect({ args, problems: validated.stdout }).toEqual({ args, problems: '' });
      expect(validated.status).toBe(0);
    }
    const keda = manifests(['-f', join(chart, 'ci/keda-monitoring-values.yaml')]).map((m) => m.kind);
    expect(keda).toEqual(
      expect.arrayContaining(['ScaledObject', 'TriggerAuthentication', 'ServiceMonitor', 'NetworkPolicy']),
    );
  });

  it.each([
    [
      ['--set', 'services.tagger.replicas=13'],
      /services\.tagger\.replicas is 13 but there are only 12 partitions/,
    ],
    [
      ['--set', 'autoscaling.keda.enabled=true', '--set', 'autoscaling.keda.maxReplicas=24'],
      /keda\.maxReplicas is 24 but there are only 12 partitions/,
    ],
    [['--set', 'kafka.brokers='], /kafka\.brokers is required/],
    [['--set', 'kafka.brokers=not a broker'], /kafka\/brokers/],
    [
      ['--set', 'kafka.sasl.mechanism=gssapi'],
      /value must be one of '', 'plain', 'scram-sha-256', 'scram-sha-512'/,
    ],
    [
      ['--set', 'kafka.sasl.mechanism=plain', '--set', 'kafka.sasl.username=u'],
      /kafka\.sasl\.mechanism is set, so auth\.kafkaSaslPassword is required/,
    ],
    [['--set', 'servces.tagger.replicas=1'], /additional properties 'servces' not allowed|servces/],
  ])('refuses %j with the message a user reads', (args, message) => {
    const rendered = template(args);
    expect(rendered.status).not.toBe(0);
    expect(rendered.stderr).toMatch(message);
  });
});

describe('the chart configures the image the way the services accept', () => {
  const run = uniqueName('it-deploy');
  const mounts = mkdtempSync(join(tmpdir(), 'riskline-mounts-'));
  const children: ChildProcess[] = [];

  const admin = createKafka({ clientId: 'it-deploy', brokers: testBrokers(), log: silentLog }).admin();

  afterAll(async () => {
    await admin.disconnect();
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(mounts, { recursive: true, force: true });
  });

  function rendered(extra: string[] = []): Manifest[] {
    const values = join(mounts, 'values.yaml');
    writeFileSync(
      values,
      stringify({
        kafka: { brokers: testBrokers().join(',') },
        redis: { url: testRedisUrl() },
        consumerGroupPrefix: run,
        auth: { apiToken: 'deploy-test-token-0123456789' },
        riskPolicies:
          'policies:\n  - name: score-24h\n    window: 24h\n    score_threshold: 100\n    cooldown: 1h\n',
        rules: {
          files: {
            'extra.yml':
              'title: Extra\nid: 5e3c1f2a-0000-4000-8000-00000000aaaa\nlogsource: { product: windows }\n' +
              'detection: { sel: { EventID: 4242 }, condition: sel }\nlevel: low\n',
          },
        },
      }),
    );
    return manifests(['-f', values, ...extra]);
  }

  /** The consumer groups the chart's KEDA triggers watch, by Deployment. */
  function scaledGroups(): Map<string, string[]> {
    const scaled = rendered(['--set', 'autoscaling.keda.enabled=true']).filter(
      (m) => m.kind === 'ScaledObject',
    ) as unknown as {
      spec: { scaleTargetRef: { name: string }; triggers: { metadata: { consumerGroup: string } }[] };
    }[];
    return new Map(
      scaled.map((s) => [
        s.spec.scaleTargetRef.name,
        s.spec.triggers.map((t) => t.metadata.consumerGroup).sort(),
      ]),
    );
  }

  /** The groups named by the release's prefix that have members now. */
  async function activeGroups(): Promise<string[]> {
    const { groups } = await admin.listGroups();
    const ours = groups.map((g) => g.groupId).filter((g) => g.startsWith(`${run}-`));
    const described = await admin.describeGroups(ours);
    return described.groups
      .filter((g) => g.members.length > 0)
      .map((g) => g.groupId)
      .sort();
  }

  /** A container's env as the kubelet would give it: secrets and fields resolved, $(VAR) expanded. */
  function containerEnv(
    all: Manifest[],
    container: {
      env: { name: string; value?: string; valueFrom?: Record<string, Record<string, string>> }[];
    },
    pod: string,
    port: number,
  ) {
    const secret = all.find((m) => m.kind === 'Secret') as unknown as { stringData: Record<string, string> };
    const env: Record<string, string> = {};
    for (const { name, value, valueFrom } of container.env) {
      if (value !== undefined) env[name] = value.replace(/\$\(([A-Z_]+)\)/g, (_, v: string) => env[v] ?? '');
      else if (valueFrom?.['secretKeyRef']) env[name] = secret.stringData[valueFrom['secretKeyRef']['key']!]!;
      else if (valueFrom?.['fieldRef']?.['fieldPath'] === 'status.podIP') env[name] = '127.0.0.1';
      else if (valueFrom?.['fieldRef']?.['fieldPath'] === 'metadata.name') env[name] = pod;
    }
    // One host stands in for many pods: each gets its own port, as each pod has its own IP.
    env['HTTP_PORT'] = String(port);
    if (env['ADVERTISED_URL']) env['ADVERTISED_URL'] = env['ADVERTISED_URL'].replace(':8080', `:${port}`);
    // Mounts: the ConfigMaps and Secret at temporary directories; /app is the image's workdir.
    for (const [key, v] of Object.entries(env))
      env[key] = v.replaceAll('/etc/riskline', mounts).replaceAll('/app/', `${image.workdir}/`);
    return env;
  }

  function writeMounts(all: Manifest[]): void {
    for (const map of all.filter((m) => m.kind === 'ConfigMap') as unknown as {
      metadata: { name: string };
      data?: Record<string, string>;
    }[]) {
      const dir = join(mounts, map.metadata.name.endsWith('-rules') ? 'rules' : 'config');
      mkdirSync(dir, { recursive: true });
      for (const [file, text] of Object.entries(map.data ?? {})) writeFileSync(join(dir, file), text);
    }
  }

  it('runs the topic Job as rendered', () => {
    const all = rendered();
    const job = all.find((m) => m.kind === 'Job') as unknown as {
      spec: { template: { spec: { containers: { args: string[]; env: never[] }[] } } };
    };
    const container = job.spec.template.spec.containers[0]!;
    const env = containerEnv(all, { env: container.env }, 'topics', 0);
    delete env['HTTP_PORT'];
    const result = spawnSync(image.entrypoint[0]!, [...image.entrypoint.slice(1), ...container.args], {
      cwd: image.workdir,
      env: { PATH: process.env['PATH']!, ...image.env, ...env },
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/\[topics\] \d+ created, \d+ already present/);
  });

  it('boots every service from the build with the rendered environment: /readyz 200, SIGTERM exits 0, and scales on the groups it joins', async () => {
    const all = rendered();
    writeMounts(all);
    const scaled = scaledGroups();
    await admin.connect();
    const deployments = all.filter((m) => m.kind === 'Deployment') as unknown as {
      metadata: { name: string };
      spec: {
        template: {
          spec: { containers: { args: string[]; env: never[] }[]; terminationGracePeriodSeconds: number };
        };
      };
    }[];
    expect(deployments).toHaveLength(5);
    let port = 18_600;
    for (const deployment of deployments) {
      const pod = deployment.spec.template.spec;
      const container = pod.containers[0]!;
      const env = containerEnv(all, container, `${deployment.metadata.name}-0`, ++port);
      let output = '';
      const child = spawn(image.entrypoint[0]!, [...image.entrypoint.slice(1), ...container.args], {
        cwd: image.workdir,
        env: { PATH: process.env['PATH']!, ...image.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.push(child);
      child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
      const deadline = Date.now() + 60_000;
      for (;;) {
        const status = await fetch(`http://127.0.0.1:${port}/readyz`).then(
          (r) => r.status,
          () => 0,
        );
        if (status === 200) break;
        if (child.exitCode !== null || Date.now() > deadline)
          throw new Error(`${deployment.metadata.name} not ready:\n${output.slice(-3000)}`);
        await new Promise((r) => setTimeout(r, 300));
      }
      // KEDA scales on the lag of exactly the groups the service's processors consume with.
      const name = deployment.metadata.name;
      const expected = scaled.get(name) ?? [];
      let joined: string[] = [];
      for (const until = Date.now() + 30_000; Date.now() < until;) {
        joined = await activeGroups();
        if (expected.every((g) => joined.includes(g))) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      expect({ service: name, groups: joined }).toEqual({ service: name, groups: expected });
      const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
      const t0 = Date.now();
      child.kill('SIGTERM');
      expect({ service: deployment.metadata.name, code: await exited }).toEqual({
        service: deployment.metadata.name,
        code: 0,
      });
      expect(Date.now() - t0).toBeLessThan(pod.terminationGracePeriodSeconds * 1000);
    }
  }, 300_000);
});
