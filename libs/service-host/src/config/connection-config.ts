/**
 * How a process reaches Kafka and Redis — addresses, TLS and credentials — for the services and
 * for the tools that run beside them (the topic job). Invariant: a combination that could not
 * connect as meant (SASL without a password, a client certificate without its key, a CA for a
 * plaintext Redis, an unreadable file) is refused at start naming the variable, never tried.
 * Secrets come from the environment or, better on Kubernetes, from mounted files (`*_FILE`).
 */
import { accessSync, constants, readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { ArrayMinSize, IsBoolean, IsIn, IsOptional, IsString, Matches } from 'class-validator';
import type { KafkaSecurity, RedisSecurity } from '@riskline/stream-runtime';
import { EnvBoolean, EnvList } from './env-transforms';

export const SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];

export interface ConfigProblem {
  readonly key: string;
  readonly message: string;
}

function readable(path: string): boolean {
  try {
    accessSync(path, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

export class ConnectionConfig {
  /** Comma-separated host:port list. */
  @EnvList()
  @ArrayMinSize(1, { message: 'KAFKA_BROKERS must name at least one broker' })
  @Matches(/^[A-Za-z0-9.\-[\]:]+:\d{1,5}$/, {
    each: true,
    message: 'KAFKA_BROKERS entries must be host:port',
  })
  KAFKA_BROKERS: string[] = ['127.0.0.1:9092'];

  /** TLS to the brokers (SSL or SASL_SSL listeners). */
  @EnvBoolean()
  @IsBoolean({ message: 'KAFKA_SSL must be true or false' })
  KAFKA_SSL = false;

  /** PEM CA bundle that signed the brokers' certificates (else the system's CAs). */
  @IsOptional() @IsString() KAFKA_SSL_CA_FILE?: string;
  /** PEM client certificate and key, for brokers that authenticate clients by certificate (mTLS). */
  @IsOptional() @IsString() KAFKA_SSL_CERT_FILE?: string;
  @IsOptional() @IsString() KAFKA_SSL_KEY_FILE?: string;

  /** Verify the brokers' certificates and host names. Turn off only against a test broker. */
  @EnvBoolean()
  @IsBoolean({ message: 'KAFKA_SSL_REJECT_UNAUTHORIZED must be true or false' })
  KAFKA_SSL_REJECT_UNAUTHORIZED = true;

  @IsOptional()
  @IsIn(SASL_MECHANISMS, { message: `KAFKA_SASL_MECHANISM must be one of ${SASL_MECHANISMS.join(', ')}` })
  KAFKA_SASL_MECHANISM?: SaslMechanism;

  @IsOptional() @IsString() KAFKA_SASL_USERNAME?: string;
  @IsOptional() @IsString() KAFKA_SASL_PASSWORD?: string;
  @IsOptional() @IsString() KAFKA_SASL_PASSWORD_FILE?: string;

  /** `redis://` or, for TLS, `rediss://`; credentials may be in the URL or the keys below. */
  @Matches(/^rediss?:\/\/[^\s]+$/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Redis 6 ACL user (with REDIS_PASSWORD); the password alone is `requirepass`. */
  @IsOptional() @IsString() REDIS_USERNAME?: string;
  @IsOptional() @IsString() REDIS_PASSWORD?: string;
  @IsOptional() @IsString() REDIS_PASSWORD_FILE?: string;
  /** PEM CA bundle that signed Redis' certificate (rediss:// only). */
  @IsOptional() @IsString() REDIS_TLS_CA_FILE?: string;

  @EnvBoolean()
  @IsBoolean({ message: 'REDIS_TLS_REJECT_UNAUTHORIZED must be true or false' })
  REDIS_TLS_REJECT_UNAUTHORIZED = true;

  /** Combinations the per-key checks cannot see; loadConfig refuses to start on any. */
  crossFieldProblems(): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    const need = (key: keyof this & string, message: string) => problems.push({ key, message });
    const files: (keyof this & string)[] = [
      'KAFKA_SSL_CA_FILE',
      'KAFKA_SSL_CERT_FILE',
      'KAFKA_SSL_KEY_FILE',
      'KAFKA_SASL_PASSWORD_FILE',
      'REDIS_PASSWORD_FILE',
      'REDIS_TLS_CA_FILE',
    ];
    for (const key of files) {
      const path = this[key];
      if (typeof path === 'string' && !readable(path))
        need(key, `${key} names ${path}, which cannot be read`);
    }
    const tlsFiles = ['KAFKA_SSL_CA_FILE', 'KAFKA_SSL_CERT_FILE', 'KAFKA_SSL_KEY_FILE'] as const;
    for (const key of tlsFiles)
      if (this[key] && !this.KAFKA_SSL) need(key, `${key} is set but KAFKA_SSL is not true`);
    if (Boolean(this.KAFKA_SSL_CERT_FILE) !== Boolean(this.KAFKA_SSL_KEY_FILE))
      need(
        this.KAFKA_SSL_CERT_FILE ? 'KAFKA_SSL_KEY_FILE' : 'KAFKA_SSL_CERT_FILE',
        'KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE go together (a client certificate needs its key)',
      );
    if (this.KAFKA_SASL_MECHANISM) {
      if (!this.KAFKA_SASL_USERNAME)
        need('KAFKA_SASL_USERNAME', `KAFKA_SASL_USERNAME is required with KAFKA_SASL_MECHANISM`);
      if (Boolean(this.KAFKA_SASL_PASSWORD) === Boolean(this.KAFKA_SASL_PASSWORD_FILE))
        need('KAFKA_SASL_PASSWORD', 'set exactly one of KAFKA_SASL_PASSWORD and KAFKA_SASL_PASSWORD_FILE');
    } else if (this.KAFKA_SASL_USERNAME || this.KAFKA_SASL_PASSWORD || this.KAFKA_SASL_PASSWORD_FILE) {
      need('KAFKA_SASL_MECHANISM', 'SASL credentials are set but KAFKA_SASL_MECHANISM is not');
    }
    if (this.REDIS_PASSWORD && this.REDIS_PASSWORD_FILE)
      need('REDIS_PASSWORD', 'set at most one of REDIS_PASSWORD and REDIS_PASSWORD_FILE');
    if (this.REDIS_USERNAME && !this.REDIS_PASSWORD && !this.REDIS_PASSWORD_FILE)
      need('REDIS_PASSWORD', 'REDIS_USERNAME needs REDIS_PASSWORD or REDIS_PASSWORD_FILE');
    const tls = this.REDIS_URL.startsWith('rediss://');
    if (this.REDIS_TLS_CA_FILE && !tls)
      need('REDIS_TLS_CA_FILE', 'REDIS_TLS_CA_FILE needs a rediss:// REDIS_URL');
    return problems;
  }

  /** TLS and SASL options for kafkajs, files read now (at start, after validation). */
  kafkaSecurity(): KafkaSecurity {
    const secret = (value?: string, file?: string) => value ?? readFileSync(file!, 'utf8').trim();
    const ssl: ConnectionOptions | undefined = this.KAFKA_SSL
      ? {
          rejectUnauthorized: this.KAFKA_SSL_REJECT_UNAUTHORIZED,
          ...(this.KAFKA_SSL_CA_FILE ? { ca: [readFileSync(this.KAFKA_SSL_CA_FILE, 'utf8')] } : {}),
          ...(this.KAFKA_SSL_CERT_FILE ? { cert: readFileSync(this.KAFKA_SSL_CERT_FILE, 'utf8') } : {}),
          ...(this.KAFKA_SSL_KEY_FILE ? { key: readFileSync(this.KAFKA_SSL_KEY_FILE, 'utf8') } : {}),
        }
      : undefined;
    const sasl = this.KAFKA_SASL_MECHANISM
      ? {
          mechanism: this.KAFKA_SASL_MECHANISM,
          username: this.KAFKA_SASL_USERNAME!,
          password: secret(this.KAFKA_SASL_PASSWORD, this.KAFKA_SASL_PASSWORD_FILE),
        }
      : undefined;
    return { ...(ssl ? { ssl } : {}), ...(sasl ? { sasl } : {}) };
  }

  /** Credentials and TLS options for ioredis (beside what REDIS_URL itself carries). */
  redisSecurity(): RedisSecurity {
    const password =
      this.REDIS_PASSWORD ??
      (this.REDIS_PASSWORD_FILE ? readFileSync(this.REDIS_PASSWORD_FILE, 'utf8').trim() : undefined);
    const tls = this.REDIS_URL.startsWith('rediss://')
      ? {
          rejectUnauthorized: this.REDIS_TLS_REJECT_UNAUTHORIZED,
          ...(this.REDIS_TLS_CA_FILE ? { ca: [readFileSync(this.REDIS_TLS_CA_FILE, 'utf8')] } : {}),
        }
      : undefined;
    return {
      ...(this.REDIS_USERNAME ? { username: this.REDIS_USERNAME } : {}),
      ...(password !== undefined ? { password } : {}),
      ...(tls ? { tls } : {}),
    };
  }
}
