import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './config-error';
import { ConnectionConfig } from './connection-config';
import { loadConfig } from './load-config';
import { ServiceConfig } from './service-config';

const dir = mkdtempSync(join(tmpdir(), 'riskline-conn-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const CA = file('ca.pem', '-----BEGIN CERTIFICATE-----\nca\n-----END CERTIFICATE-----\n');
const SECRET = file('password', 's3cret\n');

function refusal(env: Record<string, string>): { keys: string[]; text: string } {
  try {
    loadConfig(ConnectionConfig, env);
  } catch (error) {
    if (error instanceof ConfigError)
      return { keys: error.problems.map((p) => p.key), text: JSON.stringify(error.problems) };
    throw error;
  }
  return { keys: [], text: '' };
}

describe('ConnectionConfig', () => {
  it('defaults to the plaintext local stack', () => {
    const config = loadConfig(ConnectionConfig, {});
    expect(config.kafkaSecurity()).toEqual({});
    expect(config.redisSecurity()).toEqual({});
  });

  it('builds TLS + SCRAM for kafkajs and TLS + ACL auth for ioredis, secrets read from files', () => {
    const config = loadConfig(ConnectionConfig, {
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_FILE: CA,
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'riskline',
      KAFKA_SASL_PASSWORD_FILE: SECRET,
      REDIS_URL: 'rediss://redis.internal:6380',
      REDIS_USERNAME: 'riskline',
      REDIS_PASSWORD_FILE: SECRET,
      REDIS_TLS_CA_FILE: CA,
    });
    expect(config.kafkaSecurity()).toEqual({
      ssl: { rejectUnauthorized: true, ca: [expect.stringContaining('BEGIN CERTIFICATE')] },
      sasl: { mechanism: 'scram-sha-512', username: 'riskline', password: 's3cret' },
    });
    expect(config.redisSecurity()).toEqual({
      username: 'riskline',
      password: 's3cret',
      tls: { rejectUnauthorized: true, ca: [expect.stringContaining('BEGIN CERTIFICATE')] },
    });
  });

  it.each([
    [{ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'u' }, 'KAFKA_SASL_PASSWORD'],
    [{ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_PASSWORD: 'p' }, 'KAFKA_SASL_USERNAME'],
    [{ KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' }, 'KAFKA_SASL_MECHANISM'],
    [{ KAFKA_SASL_MECHANISM: 'gssapi' }, 'KAFKA_SASL_MECHANISM'],
    [{ KAFKA_SSL_CA_FILE: CA }, 'KAFKA_SSL_CA_FILE'],
    [{ KAFKA_SSL: 'true', KAFKA_SSL_CERT_FILE: CA }, 'KAFKA_SSL_KEY_FILE'],
    [{ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: '/no/such/ca.pem' }, 'KAFKA_SSL_CA_FILE'],
    [{ KAFKA_SSL: 'maybe' }, 'KAFKA_SSL'],
    [{ REDIS_TLS_CA_FILE: CA }, 'REDIS_TLS_CA_FILE'],
    [{ REDIS_PASSWORD: 'a', REDIS_PASSWORD_FILE: SECRET }, 'REDIS_PASSWORD'],
    [{ REDIS_USERNAME: 'u' }, 'REDIS_PASSWORD'],
  ])('refuses %j naming %s', (env, key) => {
    expect(refusal(env as Record<string, string>).keys).toContain(key);
  });

  it('never repeats a secret in its refusal', () => {
    const { text } = refusal({ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_PASSWORD: 'hunter2-very-secret' });
    expect(text).not.toContain('hunter2');
    try {
      loadConfig(ServiceConfig, { RISKLINE_API_TOKEN: 'hunter2 is not a token!' });
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect(JSON.stringify((error as ConfigError).problems)).toMatch(/RISKLINE_API_TOKEN.*<redacted>/);
      expect(JSON.stringify((error as ConfigError).problems)).not.toContain('hunter2');
    }
  });
});
