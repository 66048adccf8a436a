/**
 * The schedule of event-time timers, shared by every runner of a processor (the streaming
 * runtime and the offline CLI alike), so a timer fires at the same instants wherever the
 * records are applied. Pure.
 */
/**
 * When an event-time timer fires: its first instant is the interval after the first watermark;
 * it fires once the watermark reaches it, for the latest due instant only (a watermark jump of
 * many intervals is one catch-up). Returns the instant to fire (or null) and the next one.
 */
export function dueTimer(
  nextTimerAtMs: number | null,
  watermarkMs: number,
  everyMs: number,
): { readonly firesAtMs: number | null; readonly nextTimerAtMs: number } {
  const next = nextTimerAtMs ?? Math.floor(watermarkMs / everyMs) * everyMs + everyMs;
  if (next > watermarkMs) return { firesAtMs: null, nextTimerAtMs: next };
  const firesAtMs = Math.floor(watermarkMs / everyMs) * everyMs;
  return { firesAtMs, nextTimerAtMs: firesAtMs + everyMs };
}
