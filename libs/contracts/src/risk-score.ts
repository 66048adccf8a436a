/**
 * The largest score one detection or contribution may carry. Bounded so that a window's sum
 * stays finite and exact enough to compare with thresholds: 10^6 per contribution times any
 * realistic window is far inside a double's integer range, where 1e308 would make it Infinity.
 */
export const MAX_RISK_SCORE = 1_000_000;
