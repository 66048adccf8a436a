/**
 * Colours the console gives ATT&CK tactics (one per tactic, in MITRE's order, distinguishable
 * side by side and each dark enough for white text at WCAG AA) and the heat-map scale, whose text
 * colour follows the cell's luminance so every cell stays readable.
 */
import { ATTACK_TACTICS } from '@riskline/contracts/attack';

const PALETTE = [
  '#1f5f8b',
  '#7a4a00',
  '#0b6e4f',
  '#8b1e3f',
  '#5b3c88',
  '#a13d00',
  '#2d6a4f',
  '#6b2d5c',
  '#005f73',
  '#7f5539',
  '#3d405b',
  '#9b2226',
  '#386641',
  '#4a4e69',
];

export const UNTAGGED = 'untagged';

export function tacticColor(tactic: string): string {
  const i = (ATTACK_TACTICS as readonly string[]).indexOf(tactic);
  return i < 0 ? '#595959' : PALETTE[i]!;
}

/** Tactics in MITRE's order, then any others alphabetically. */
export function tacticOrder(a: string, b: string): number {
  const order = ATTACK_TACTICS as readonly string[];
  const ia = order.indexOf(a);
  const ib = order.indexOf(b);
  if (ia >= 0 && ib >= 0) return ia - ib;
  if (ia >= 0) return -1;
  if (ib >= 0) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A cell's fill for `value` of `max`: white at 0, through amber to deep orange. */
export function heatColor(value: number, max: number): { fill: string; text: string } {
  if (value <= 0 || max <= 0) return { fill: '#ffffff', text: '#1a1a1a' };
  const t = Math.min(1, value / max);
  // Interpolate #fff7bc → #fe9929 → #993404 (the Navigator layer's gradient family).
  const stops = [
    [0xff, 0xf7, 0xbc],
    [0xfe, 0x99, 0x29],
    [0x99, 0x34, 0x04],
  ];
  const [a, b, u] = t < 0.5 ? [stops[0]!, stops[1]!, t / 0.5] : [stops[1]!, stops[2]!, (t - 0.5) / 0.5];
  const rgb = a.map((c, i) => Math.round(c + (b[i]! - c) * u));
  const fill = `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
  // Whichever of near-black and white contrasts more (always at least 4.5:1).
  const dark = [0x1a, 0x1a, 0x1a];
  return {
    fill,
    text: contrastRatio(rgb, dark) >= contrastRatio(rgb, [255, 255, 255]) ? '#1a1a1a' : '#ffffff',
  };
}

/** WCAG relative luminance of an sRGB colour. */
export function relativeLuminance(rgb: readonly number[]): number {
  const [r, g, b] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** WCAG contrast ratio of two colours. */
export function contrastRatio(a: readonly number[], b: readonly number[]): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

export function hexRgb(hex: string): number[] {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
}
