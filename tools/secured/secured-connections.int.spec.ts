/**
 * A service through a secured Kafka (SASL_SSL: TLS with a private CA, SCRAM-SHA-512) and a
 * secured Redis (TLS only, ACL user + password), both started by the stack's own script with
 * self-signed certificates: the topic command creates the topics over SASL_SSL, the risk
 * accumulator becomes ready, turns contributions into an incident and checkpoints to the TLS
 * Redis; the wrong password is refused.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  deterministicId,
  entityKey,
  topicNames,
  type RiskContribution,
  type RiskIncident,
} from '@riskline/contracts';
import { ConnectionConfig, loadConfig } from '@riskline/service-host';
import { connectRedis, createKafka, createRedis, silentLog } from '@riskline/stream-runtime';
import { bootService, type BootedService } from '@riskline/service-host/testing';
import { TopicCollector, uniqueName } from '@riskline/stream-runtime/testing';
import { RiskAccumulatorConfig, RiskAccumulatorModule } from '@riskline/app/risk-accumulator';

const repoRoot = resolve(__dirname, '../..');
const stateDir = mkdtempSync(join(tmpdir(), 'riskline-secured-'));
const stackEnv = {
  ...process.env,
  RISKLINE_STATE_DIR: stateDir,
  RISKLINE_KAFKA_PORT: '19692',
  RISKLINE_REDIS_PORT: '16390',
};

function securedStack(command: 'up' | 'down'): Record<string, string> {
  const result = spawnSync(process.execPath, ['scripts/stack/secured.mjs', command], {
    cwd: repoRoot,
    env: stackEnv,
    encoding: 'utf8',
    timeout: 180_000,
  });
  if (result.status !== 0) throw new Error(`secured stack ${command} failed: ${result.stderr}`);
  return command === 'up'
    ? (JSON.parse(result.stdout.trim().split('\n').at(-1)!) as Record<string, string>)
    : {};
}

describe('secured connections (SASL_SSL Kafka, TLS + ACL Redis)', () => {
  const run = uniqueName('it-secured');
  let secured: Record<string, string>;
  let service: BootedService | null = null;
  const topicEnv: Record<string, string> = {};

  beforeAll(async () => {
    secured = securedStack('up');
    for (const id of ['RISK_CONTRIBUTIONS', 'RISK_INCIDENTS'] as const)
      topicEnv[`RISKLINE_TOPIC_${id}`] = uniqueName(`it.secured.${id.toLowerCase()}`);
  }, 200_000);

  afterAll(async () => {
    await service?.app.close();
    securedStack('down');
    rmSync(stateDir, { recursive: true, force: true });
  }, 120_000);

  it('creates topics, becomes ready, raises an incident and checkpoints through both', async () => {
    const topics = spawnSync(process.execPath, ['bin/riskline.js', 'topics', '--partitions', '3'], {
      cwd: repoRoot,
      env: { ...process.env, ...secured, ...topicEnv },
      encoding: 'utf8',
    });
    expect(topics.stderr).toBe('');
    expect(topics.status).toBe(0);

    for (const [key, value] of Object.entries(topicEnv)) process.env[key] = value;
    service = await bootService({
      service: 'risk-accumulator',
      configClass: RiskAccumulatorConfig,
      appModule: (config, host) => RiskAccumulatorModule.forRoot(config, host),
      env: { ...secured, CONSUMER_GROUP_PREFIX: run },
    });
    const names = topicNames(process.env);
    const connection = loadConfig(ConnectionConfig, secured);
    const kafka = createKafka({
      clientId: 'it-secured',
      brokers: connection.KAFKA_BROKERS,
      log: silentLog,
      security: connection.kafkaSecurity(),
    });
    const collector = new TopicCollector(kafka, [names.riskIncidents]);
    await collector.start();
    const producer = kafka.producer();
    await producer.connect();
    const now = Date.now() - 60_000;
    const contributions: RiskContribution[] = [0, 1].map((n) => ({
      schema_version: 1,
      contribution_id: deterministicId('it-secured', n),
      detection_id: deterministicId('it-secured-detection', n),
      entity_type: 'user',
      entity_value: 'secured-alice',
      event_time: new Date(now + n).toISOString(),
      score: 50,
      confidence: 1,
      rule_id: `rule-${n}`,
      rule_version: 1,
      level: 'high',
      tactics: ['discovery'],
      techniques: [],
    }));
    await producer.send({
      topic: names.riskContributions,
      messages: contributions.map((c) => ({
        key: entityKey('user', c.entity_value),
        value: JSON.stringify(c),
      })),
    });
    await producer.disconnect();
    await collector.waitFor((r) => r.length > 0, 60_000, 'the incident over SASL_SSL');
    expect((collector.records[0]!.value as RiskIncident).score).toBe(100);
    await collector.stop();

    await service.app.close();
    service = null;
    const redis = createRedis(connection.REDIS_URL, silentLog, 'it-secured', connection.redisSecurity());
    await connectRedis(redis);
    const keys = await redis.keys(
      `riskline:checkpoint:{${run}-risk-accumulator:${names.riskContributions}}:*`,
    );
    expect(keys.length).toBeGreaterThan(0);
    await redis.quit();
    for (const key of Object.keys(topicEnv)) delete process.env[key];
  }, 180_000);

  it('is refused with a wrong password, and names the failure', async () => {
    const result = spawnSync(process.execPath, ['bin/riskline.js', 'topics'], {
      cwd: repoRoot,
      env: { ...process.env, ...secured, KAFKA_SASL_PASSWORD_FILE: '', KAFKA_SASL_PASSWORD: 'wrong' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/authentication failed/i);
    const plain = createRedis(secured['REDIS_URL']!, silentLog, 'it-secured-anon', {
      tls: loadConfig(ConnectionConfig, secured).redisSecurity().tls!,
    });
    await expect(connectRedis(plain).then(() => plain.ping())).rejects.toThrow(/NOAUTH|auth/i);
    plain.disconnect();
  }, 60_000);
});
