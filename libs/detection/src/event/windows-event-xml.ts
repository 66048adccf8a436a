/**
 * Windows event XML (`<Event><System>…</System><EventData><Data Name='…'>…</Data>…`, what Splunk's
 * `XmlWinEventLog` sourcetype and `wevtutil qe /f:xml` carry) read into the evtx_dump JSON form,
 * so one field resolver serves both: System children by name with their attributes under
 * `#attributes`, named `Data` as EventData fields, unnamed `Data` as a `Data` list, UserData as
 * it nests. Parsing is fast-xml-parser's (validated first, since its parser is lenient). A
 * document type is refused outright: an event never needs one, and it is how entity-expansion
 * attacks start. Invariant: returns an `{Event: …}` object or throws EventShapeError.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { EventShapeError } from './event-shape-error';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  attributesGroupName: '#attributes',
  textNodeName: '#text',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: false,
  isArray: (_name, jpath) => jpath === 'Event.EventData.Data',
});

/** System values evtx_dump renders as numbers. */
const NUMERIC_SYSTEM = new Set(['EventID', 'Version', 'Level', 'Task', 'Opcode', 'EventRecordID']);

type Node = Record<string, unknown>;

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function numeric(value: unknown): unknown {
  return typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : value;
}

function systemOf(system: unknown): Node {
  if (!isNode(system)) return {};
  const out: Node = {};
  for (const [name, value] of Object.entries(system)) {
    if (!NUMERIC_SYSTEM.has(name)) out[name] = value === '' ? null : value;
    else if (isNode(value)) out[name] = { ...value, '#text': numeric(value['#text']) };
    else out[name] = numeric(value);
  }
  return out;
}

function dataText(data: unknown): unknown {
  if (!isNode(data)) return data === '' ? null : data;
  return data['#text'] ?? null;
}

function eventDataOf(eventData: unknown): Node {
  if (!isNode(eventData)) return {};
  const out: Node = {};
  const unnamed: unknown[] = [];
  for (const data of (eventData['Data'] as unknown[] | undefined) ?? []) {
    const name = isNode(data) && isNode(data['#attributes']) ? data['#attributes']['Name'] : undefined;
    // Assigning `__proto__` would drop the field silently; refuse the event instead.
    if (name === '__proto__') throw new EventShapeError("event XML names a Data field '__proto__'");
    if (typeof name === 'string' && name !== '') out[name] = dataText(data);
    else unnamed.push(dataText(data));
  }
  if (unnamed.length > 0) out['Data'] = unnamed;
  for (const [name, value] of Object.entries(eventData)) if (name !== 'Data') out[name] = value;
  return out;
}

export function windowsEventXml(xml: string): Record<string, unknown> {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml))
    throw new EventShapeError('event XML must not declare a document type');
  const valid = XMLValidator.validate(xml);
  if (valid !== true)
    throw new EventShapeError(`invalid event XML: ${valid.err.msg} (line ${valid.err.line})`);
  let root: unknown;
  try {
    root = parser.parse(xml);
  } catch (error) {
    // The parser refuses reserved element names (`__proto__`, `constructor`) by throwing.
    throw new EventShapeError(`event XML refused: ${(error as Error).message}`);
  }
  const event = isNode(root) ? root['Event'] : undefined;
  if (!isNode(event)) throw new EventShapeError('event XML has no <Event> root element');
  const out: Node = { System: systemOf(event['System']) };
  if (event['EventData'] !== undefined) out['EventData'] = eventDataOf(event['EventData']);
  if (isNode(event['UserData'])) out['UserData'] = event['UserData'];
  if (isNode(event['RenderingInfo'])) out['RenderingInfo'] = event['RenderingInfo'];
  return { Event: out };
}
