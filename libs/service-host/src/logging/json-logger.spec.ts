import { JsonLogger } from './json-logger';

function capture(level: 'debug' | 'info' | 'warn' | 'error' = 'info') {
  const lines: Record<string, unknown>[] = [];
  return { lines, logger: new JsonLogger('svc', level, (l) => lines.push(JSON.parse(l))) };
}

describe('JsonLogger', () => {
  it('writes one JSON object per line with service, level and fields', () => {
    const { lines, logger } = capture();
    logger.info('hello', { partition: 3 });
    logger.log('from nest', 'RoutesResolver');
    expect(lines).toEqual([
      expect.objectContaining({ level: 'info', service: 'svc', msg: 'hello', partition: 3 }),
      expect.objectContaining({ level: 'info', msg: 'from nest', context: 'RoutesResolver' }),
    ]);
  });

  it('drops lines below its level', () => {
    const { lines, logger } = capture('warn');
    logger.info('quiet');
    logger.debug('quieter');
    logger.warn('loud');
    expect(lines.map((l) => l['msg'])).toEqual(['loud']);
  });

  it('keeps Nest stack traces out of error lines', () => {
    const { lines, logger } = capture('debug');
    logger.error('boom', 'Error: boom\n    at x (y.ts:1:1)', 'ExceptionHandler');
    expect(lines[0]).toEqual(
      expect.objectContaining({ level: 'error', msg: 'boom', context: 'ExceptionHandler' }),
    );
    expect(JSON.stringify(lines[0])).not.toContain('at x');
    expect(lines[1]).toEqual(
      expect.objectContaining({ level: 'debug', stack: expect.stringContaining('at x') }),
    );
  });
});
