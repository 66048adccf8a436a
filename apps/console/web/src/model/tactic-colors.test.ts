import { describe, expect, it } from 'vitest';
import { ATTACK_TACTICS } from '@riskline/contracts/attack';
import { contrastRatio, heatColor, hexRgb, tacticColor, tacticOrder } from './tactic-colors';

describe('tactic colours', () => {
  it('gives every tactic its own colour, each readable under white text (WCAG AA, 4.5:1)', () => {
    const colours = ATTACK_TACTICS.map(tacticColor);
    expect(new Set(colours).size).toBe(ATTACK_TACTICS.length);
    for (const c of colours) expect(contrastRatio(hexRgb(c), [255, 255, 255])).toBeGreaterThanOrEqual(4.5);
    expect(tacticColor('not-a-tactic')).toBe('#595959');
  });

  it('orders tactics as MITRE does, unknown ones after', () => {
    expect(['impact', 'zzz', 'discovery', 'execution'].sort(tacticOrder)).toEqual([
      'execution',
      'discovery',
      'impact',
      'zzz',
    ]);
  });
});

describe('heat colour', () => {
  it('is white at zero and darkens with the value, its text always readable', () => {
    expect(heatColor(0, 10).fill).toBe('#ffffff');
    const steps = [1, 3, 5, 7, 10].map((v) => heatColor(v, 10));
    const lum = steps.map((s) => contrastRatio(hexRgb(s.fill), [0, 0, 0]));
    for (let i = 1; i < lum.length; i++) expect(lum[i]!).toBeLessThan(lum[i - 1]!);
    for (const s of steps) expect(contrastRatio(hexRgb(s.fill), hexRgb(s.text))).toBeGreaterThanOrEqual(4.5);
    expect(heatColor(10, 10).fill).toBe('#993404');
  });
});
