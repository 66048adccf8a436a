/**
 * Structured JSON logs, one object per line on stdout, for NestJS and for the stream runtime.
 * Log timestamps are wall-clock by nature; they never feed state.
 */
import type { LoggerService } from '@nestjs/common';
import type { LogSink } from '@riskline/stream-runtime';
import type { LogLevelName } from '../config/service-config';

const RANK: Record<LogLevelName, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type LineWriter = (line: string) => void;

export class JsonLogger implements LoggerService, LogSink {
  constructor(
    private readonly service: string,
    private readonly level: LogLevelName = 'info',
    private readonly write: LineWriter = (line) => process.stdout.write(`${line}\n`),
  ) {}

  private emit(level: LogLevelName, message: unknown, fields: Record<string, unknown> = {}): void {
    if (RANK[level] < RANK[this.level]) return;
    const msg =
      message instanceof Error
        ? message.message
        : typeof message === 'string'
          ? message
          : JSON.stringify(message);
    this.write(
      JSON.stringify({ ts: new Date().toISOString(), level, service: this.service, msg, ...fields }),
    );
  }

  // LogSink
  debug(message: unknown, fields?: Record<string, unknown> | string): void {
    this.emit('debug', message, this.fieldsOf(fields));
  }
  info(message: unknown, fields?: Record<string, unknown>): void {
    this.emit('info', message, fields);
  }
  warn(message: unknown, fields?: Record<string, unknown> | string): void {
    this.emit('warn', message, this.fieldsOf(fields));
  }
  error(message: unknown, fields?: Record<string, unknown> | string, context?: string): void {
    // Nest passes (message, stack, context); a stack goes to debug, never into the error line.
    const extra = this.fieldsOf(
      context ?? (typeof fields === 'string' && !fields.includes('\n') ? fields : undefined),
    );
    this.emit('error', message, typeof fields === 'object' ? { ...fields, ...extra } : extra);
    if (typeof fields === 'string' && fields.includes('\n')) this.emit('debug', 'stack', { stack: fields });
  }

  // LoggerService
  log(message: unknown, context?: string): void {
    this.emit('info', message, this.fieldsOf(context));
  }
  verbose(message: unknown, context?: string): void {
    this.emit('debug', message, this.fieldsOf(context));
  }

  private fieldsOf(extra: Record<string, unknown> | string | undefined): Record<string, unknown> {
    if (extra === undefined) return {};
    return typeof extra === 'string' ? { context: extra } : extra;
  }
}
