/** Injection tokens of the attribution worker module. */
export const ATTRIBUTION_PROCESSOR = Symbol('ATTRIBUTION_PROCESSOR');
