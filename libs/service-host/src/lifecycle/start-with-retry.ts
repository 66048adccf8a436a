/**
 * Starts a component that needs the broker, retrying while it cannot — a service boots and
 * reports not-ready instead of crashing when Kafka is briefly away. Stops trying once the
 * application is shutting down.
 */
import type { LogSink } from '@riskline/stream-runtime';

export async function startWithRetry(
  what: string,
  start: () => Promise<void>,
  options: {
    readonly log: LogSink;
    readonly stopped: () => boolean;
    readonly retryMs: number;
    readonly cleanUp?: () => Promise<void>;
  },
): Promise<boolean> {
  while (!options.stopped()) {
    try {
      await start();
      return true;
    } catch (error) {
      options.log.warn(`${what} could not start; retrying`, { error: (error as Error).message });
      await options.cleanUp?.().catch(() => undefined);
      await new Promise((r) => setTimeout(r, options.retryMs));
    }
  }
  return false;
}
