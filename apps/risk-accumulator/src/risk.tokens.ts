/** Injection tokens of the risk accumulator module. */
export const RISK_SETTINGS = Symbol('RISK_SETTINGS');
