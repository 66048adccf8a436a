/**
 * A typed name for a processor: what a service's read API asks the runtime for ("the runner
 * of the risk accumulator") without repeating a string, and with the state and message types
 * of the processor it names. Each domain library exports the handle of its processor beside
 * the processor's factory; the factory takes its name from the handle, so the two cannot drift.
 */
export interface ProcessorHandle<S, I> {
  readonly name: string;
  /** Phantom members: carry the processor's types; never set. */
  readonly state?: S;
  readonly message?: I;
}

export function processorHandle<S, I>(name: string): ProcessorHandle<S, I> {
  return { name };
}
