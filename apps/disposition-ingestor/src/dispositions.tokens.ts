/** Injection tokens of the disposition ingestor module. */
export const DISPOSITION_SETTINGS = Symbol('DISPOSITION_SETTINGS');
export const INGESTOR_CONFIG = Symbol('INGESTOR_CONFIG');
export const DISPOSITIONS_PRODUCER = Symbol('DISPOSITIONS_PRODUCER');
export const INGESTOR_TOPICS = Symbol('INGESTOR_TOPICS');
