import { DependencyMonitor } from './dependency-monitor';

describe('DependencyMonitor', () => {
  it('is ready only when every check passes, and logs each transition once', async () => {
    let kafkaUp = false;
    const logged: string[] = [];
    const log = {
      debug() {},
      info: (m: string) => logged.push(`info ${m}`),
      warn: (m: string) => logged.push(`warn ${m}`),
      error() {},
    };
    const monitor = new DependencyMonitor(
      {
        kafka: {
          check: async () => {
            if (!kafkaUp) throw new Error('ECONNREFUSED');
          },
          describe: (e) => `broker 127.0.0.1:9092: ${(e as Error).message}`,
        },
        redis: { check: async () => undefined, describe: String },
      },
      log,
    );
    expect(monitor.ready()).toBe(false);
    expect(monitor.snapshot()['kafka']?.detail).toBe('not checked yet');
    await monitor.runOnce();
    await monitor.runOnce();
    expect(monitor.ready()).toBe(false);
    expect(monitor.snapshot()['kafka']?.detail).toBe('broker 127.0.0.1:9092: ECONNREFUSED');
    kafkaUp = true;
    await monitor.runOnce();
    expect(monitor.ready()).toBe(true);
    expect(logged).toEqual([
      'warn broker 127.0.0.1:9092: ECONNREFUSED',
      'info redis is answering',
      'info kafka is answering',
      'info ready',
    ]);
  });
});
