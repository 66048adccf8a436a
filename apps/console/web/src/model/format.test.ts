import { describe, expect, it } from 'vitest';
import { formatRatio, formatScore, formatTime, label, utcInput } from './format';

describe('format', () => {
  it('writes times in UTC to the second', () => {
    expect(formatTime('2026-02-01T10:00:05.123+02:00')).toBe('2026-02-01 08:00:05Z');
    expect(formatTime(null)).toBe('—');
    expect(formatTime('not a time')).toBe('not a time');
  });

  it('writes scores and ratios', () => {
    expect(formatScore(190)).toBe('190');
    expect(formatScore(37.5)).toBe('37.5');
    expect(formatRatio(2 / 3)).toBe('67%');
    expect(formatRatio(null)).toBe('n/a');
    expect(label('lateral-movement')).toBe('lateral movement');
  });

  it('reads a datetime-local value as UTC', () => {
    expect(utcInput('2026-02-01T10:00')).toBe('2026-02-01T10:00:00.000Z');
    expect(utcInput('')).toBeUndefined();
    expect(utcInput('garbage')).toBeUndefined();
  });
});
