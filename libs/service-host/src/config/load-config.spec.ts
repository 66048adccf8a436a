import { IsBoolean, IsNumber } from 'class-validator';
import { EnvBoolean, EnvNumber } from './env-transforms';
import { ConfigError } from './config-error';
import { loadConfig } from './load-config';
import { ServiceConfig } from './service-config';

class ExampleConfig extends ServiceConfig {
  @EnvBoolean()
  @IsBoolean({ message: 'AUTO_CLIP must be true or false' })
  AUTO_CLIP = true;

  @EnvNumber()
  @IsNumber({}, { message: 'RATIO must be a number' })
  RATIO = 0.5;
}

const TOKEN = { RISKLINE_API_TOKEN: 'test-token-0123456789' };

function problemsOf(env: Record<string, string>) {
  try {
    loadConfig(ExampleConfig, { ...TOKEN, ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => p.key);
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('applies defaults and typed values', () => {
    const config = loadConfig(ExampleConfig, {
      ...TOKEN,
      KAFKA_BROKERS: 'a:1, b:2',
      HTTP_PORT: '9000',
      AUTO_CLIP: 'false',
      RATIO: '0.25',
    });
    expect(config.KAFKA_BROKERS).toEqual(['a:1', 'b:2']);
    expect(config.HTTP_PORT).toBe(9000);
    expect(config.AUTO_CLIP).toBe(false);
    expect(config.RATIO).toBe(0.25);
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig(ExampleConfig, { ...TOKEN, HTTP_PORT: '' }).HTTP_PORT).toBe(8080);
  });

  it('names every bad key and never coerces garbage', () => {
    expect(
      problemsOf({ HTTP_PORT: '80x', AUTO_CLIP: 'maybe', RATIO: 'half', KAFKA_BROKERS: 'nohost' }).sort(),
    ).toEqual(['AUTO_CLIP', 'HTTP_PORT', 'KAFKA_BROKERS', 'RATIO']);
    expect(problemsOf({ HTTP_PORT: '70000' })).toEqual(['HTTP_PORT']);
    expect(problemsOf({ LOG_LEVEL: 'verbose' })).toEqual(['LOG_LEVEL']);
    expect(problemsOf({ RISKLINE_API_TOKEN: 'short' })).toEqual(['RISKLINE_API_TOKEN']);
  });

  it('puts the key and the offending value in the message', () => {
    expect(() => loadConfig(ExampleConfig, { ...TOKEN, HTTP_PORT: 'eighty' })).toThrow(
      'HTTP_PORT: HTTP_PORT must be an integer (got "eighty")',
    );
  });
});
