/**
 * The runtime logs through this narrow interface so it does not depend on NestJS; the service
 * host adapts its JSON logger to it. Fields are structured, never interpolated into the message.
 */
export interface LogSink {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export const silentLog: LogSink = { debug() {}, info() {}, warn() {}, error() {} };
