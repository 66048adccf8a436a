/** Injection tokens of the service host: the clients every service shares. */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
export const KAFKA = Symbol('KAFKA');
export const REDIS = Symbol('REDIS');
export const LOGGER = Symbol('LOGGER');
