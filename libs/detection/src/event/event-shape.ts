/**
 * The shapes SOC pipelines ship events in, told apart per event or fixed by configuration, and
 * the one step that opens an envelope so the rules see the event inside it:
 *
 * - `flat` — one JSON object of fields (Sysmon as NXLog, Fluent Bit or a SIEM export writes it);
 * - `evtx` — evtx_dump / `Event.System` + `Event.EventData|UserData` records;
 * - `ecs` — Winlogbeat / Elastic Agent documents (`winlog.*`, ECS fields);
 * - `hec` — Splunk HTTP Event Collector envelopes: `{time, host, source, sourcetype, index,
 *   fields, event}`, where `event` is an object, a JSON string, Windows event XML (the
 *   `XmlWinEventLog` sourcetype) or plain text (kept as `_raw` for keyword rules).
 *
 * Field names are resolved for every shape by field-access.ts; only the envelope needs opening.
 * Invariant: shaping is pure and never throws — an event that is not in the configured shape,
 * or whose envelope cannot be opened, is an `EventShapeError` whose reason is the dead letter's.
 */
import { EventShapeError } from './event-shape-error';
import { windowsEventXml } from './windows-event-xml';

export { EventShapeError };

export const EVENT_SHAPES = ['auto', 'flat', 'evtx', 'ecs', 'hec'] as const;
export type EventShapeSetting = (typeof EVENT_SHAPES)[number];
export type EventShape = Exclude<EventShapeSetting, 'auto'>;

type EventObject = Record<string, unknown>;

const HEC_KEYS = new Set(['time', 'host', 'source', 'sourcetype', 'index', 'fields', 'event']);

function isObject(value: unknown): value is EventObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An envelope only when every key is HEC's and `event` is there: ECS's `event` object is not. */
function isHecEnvelope(event: EventObject): boolean {
  const keys = Object.keys(event);
  return keys.includes('event') && keys.every((k) => HEC_KEYS.has(k));
}

export function shapeOf(event: EventObject): EventShape {
  if (isHecEnvelope(event)) return 'hec';
  if (isObject(event['Event'])) return 'evtx';
  if (isObject(event['winlog']) || isObject(event['ecs']) || typeof event['winlog.channel'] === 'string')
    return 'ecs';
  return 'flat';
}

/** `WinEventLog:Security`, `XmlWinEventLog:Microsoft-Windows-Sysmon/Operational` → the channel. */
function channelOfSource(source: unknown): string | undefined {
  if (typeof source !== 'string') return undefined;
  const match = /^(?:Xml)?WinEventLog:(.+)$/i.exec(source);
  return match ? match[1] : undefined;
}

function innerEvent(body: unknown): EventObject {
  if (isObject(body)) return body;
  if (typeof body !== 'string')
    throw new EventShapeError('a HEC envelope needs `event` as an object or a string');
  const text = body.trim();
  if (text.startsWith('<')) return windowsEventXml(text);
  if (text.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new EventShapeError(`the HEC event is not valid JSON: ${(error as Error).message}`);
    }
    if (!isObject(parsed)) throw new EventShapeError('the HEC event string must hold a JSON object');
    return parsed;
  }
  return { _raw: body };
}

/**
 * The event inside a HEC envelope, with Splunk's default fields beside its own where it lacks
 * them (`host`, `source`, `sourcetype`, `index`, `_time`, indexed `fields`), and `Channel`
 * from a `WinEventLog:<channel>` source or sourcetype.
 */
function openHec(envelope: EventObject): EventObject {
  const inner = innerEvent(envelope['event']);
  const out: EventObject = { ...inner };
  const meta: [string, unknown][] = [
    ['host', envelope['host']],
    ['source', envelope['source']],
    ['sourcetype', envelope['sourcetype']],
    ['index', envelope['index']],
    ['_time', envelope['time']],
    ...(isObject(envelope['fields']) ? Object.entries(envelope['fields']) : []),
  ];
  for (const [key, value] of meta) if (value !== undefined && !(key in out)) out[key] = value;
  const channel = channelOfSource(envelope['source']) ?? channelOfSource(envelope['sourcetype']);
  if (channel !== undefined && !('Channel' in inner) && !isObject(inner['Event'])) out['Channel'] = channel;
  return out;
}

/** The event the rules read, from a decoded record in the configured (or detected) shape. */
export function shapeEvent(event: EventObject, setting: EventShapeSetting = 'auto'): EventObject {
  const shape = shapeOf(event);
  if (setting !== 'auto' && shape !== setting)
    throw new EventShapeError(
      `expected ${SHAPE_NAMES[setting]} event, got what looks like ${SHAPE_NAMES[shape]}`,
    );
  return shape === 'hec' ? openHec(event) : event;
}

/**
 * shapeEvent that never throws: whatever an envelope makes the parser do is the record's own
 * problem (a dead letter, a malformed record), never a stalled partition or an aborted run.
 */
export function openEvent(
  event: EventObject,
  setting: EventShapeSetting = 'auto',
): { readonly event: EventObject } | { readonly reason: string } {
  try {
    return { event: shapeEvent(event, setting) };
  } catch (error) {
    return {
      reason: error instanceof EventShapeError ? error.message : `envelope not opened: ${String(error)}`,
    };
  }
}

const SHAPE_NAMES: Record<EventShape, string> = {
  flat: 'a flat JSON',
  evtx: 'an evtx_dump',
  ecs: 'a Winlogbeat / ECS',
  hec: 'a Splunk HEC',
};
