/** Injection tokens of the tagger module. */
export const RULE_STATE_PRODUCER = Symbol('RULE_STATE_PRODUCER');
export const RULE_STATE_TOPIC = Symbol('RULE_STATE_TOPIC');
export const TAGGER_CONFIG = Symbol('TAGGER_CONFIG');
export const RISK_CONFIG = Symbol('RISK_CONFIG');
