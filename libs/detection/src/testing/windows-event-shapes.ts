/**
 * One Windows event (evtx_dump form, as SigmaHQ's regression data holds them) written the ways
 * SOC pipelines ship it: flat with Sigma names, NXLog im_msvistalog JSON, Winlogbeat, Elastic
 * Agent (Sysmon fields moved into ECS), Windows event XML, and Splunk HEC envelopes around the
 * XML and around a flat object. Test data builders: what each shipper emits for the same
 * logical event, so that a test can require the same firings from every shape.
 */
type Node = Record<string, unknown>;

export interface EvtxEvent {
  readonly Event: { readonly System: Node; readonly EventData?: Node; readonly UserData?: Node };
}

function attr(node: unknown, name: string): unknown {
  const attributes = (node as Node | undefined)?.['#attributes'] as Node | undefined;
  return attributes?.[name];
}

function text(value: unknown): unknown {
  return typeof value === 'object' && value !== null && '#text' in value ? (value as Node)['#text'] : value;
}

function systemOf(e: EvtxEvent) {
  const s = e.Event.System;
  return {
    channel: String(s['Channel']),
    eventId: text(s['EventID']) as number,
    computer: String(s['Computer']),
    provider: String(attr(s['Provider'], 'Name')),
    providerGuid: attr(s['Provider'], 'Guid'),
    recordId: s['EventRecordID'],
    time: String(attr(s['TimeCreated'], 'SystemTime')),
  };
}

function dataOf(e: EvtxEvent): Node {
  return { ...(e.Event.EventData ?? {}) };
}

export function flatShape(e: EvtxEvent): Node {
  const s = systemOf(e);
  return {
    '@timestamp': s.time,
    Channel: s.channel,
    EventID: s.eventId,
    Computer: s.computer,
    Provider_Name: s.provider,
    EventRecordID: s.recordId,
    ...dataOf(e),
  };
}

/** NXLog's to_json() of im_msvistalog: EventData fields beside NXLog's own names. */
export function nxlogShape(e: EvtxEvent): Node {
  const s = systemOf(e);
  return {
    EventTime: s.time.replace('T', ' ').replace(/\.\d+Z$|Z$/, ''),
    Hostname: s.computer,
    SourceName: s.provider,
    ProviderGuid: s.providerGuid,
    Channel: s.channel,
    EventID: s.eventId,
    RecordNumber: s.recordId,
    SeverityValue: 2,
    ...dataOf(e),
  };
}

function stringValues(data: Node): Node {
  return Object.fromEntries(
    Object.entries(data).map(([k, v]) => [k, v === null || typeof v === 'object' ? v : String(v)]),
  );
}

export function winlogbeatShape(e: EvtxEvent): Node {
  const s = systemOf(e);
  return {
    '@timestamp': s.time,
    agent: { type: 'winlogbeat', version: '8.15.0' },
    ecs: { version: '8.11.0' },
    event: { code: String(s.eventId), provider: s.provider, kind: 'event' },
    host: { name: s.computer.split('.')[0] },
    winlog: {
      channel: s.channel,
      event_id: String(s.eventId),
      provider_name: s.provider,
      provider_guid: s.providerGuid,
      computer_name: s.computer,
      record_id: String(s.recordId),
      event_data: stringValues(dataOf(e)),
      ...(e.Event.UserData ? { user_data: e.Event.UserData } : {}),
    },
  };
}

/** Elastic Agent's Sysmon integration: the process, file and user fields moved into ECS. */
export function elasticAgentShape(e: EvtxEvent): Node {
  const doc = winlogbeatShape(e) as { winlog: { event_data: Node } } & Node;
  const data = doc.winlog.event_data;
  const take = (name: string) => {
    const value = data[name];
    delete data[name];
    return value;
  };
  const process: Node = {};
  const parent: Node = {};
  const moves: [string, Node, string][] = [
    ['Image', process, 'executable'],
    ['CommandLine', process, 'command_line'],
    ['ProcessId', process, 'pid'],
    ['ParentImage', parent, 'executable'],
    ['ParentCommandLine', parent, 'command_line'],
  ];
  for (const [name, target, key] of moves) if (name in data) target[key] = take(name);
  if (Object.keys(parent).length > 0) process['parent'] = parent;
  const out: Node = { ...doc, process };
  if ('TargetFilename' in data) out['file'] = { path: take('TargetFilename') };
  const user = data['User'];
  if (typeof user === 'string' && user.includes('\\')) {
    take('User');
    const [domain, name] = user.split('\\') as [string, string];
    out['user'] = { domain, name };
  }
  return out;
}

function escape(value: unknown): string {
  return String(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/'/g, '&apos;')
    .replace(/"/g, '&quot;');
}

function element(name: string, value: unknown): string {
  if (value === null || value === undefined) return `<${name}/>`;
  if (typeof value !== 'object') return `<${name}>${escape(value)}</${name}>`;
  const node = value as Node;
  const attributes = Object.entries((node['#attributes'] as Node | undefined) ?? {})
    .map(([k, v]) => ` ${k}='${escape(v)}'`)
    .join('');
  const children = Object.entries(node)
    .filter(([k]) => k !== '#attributes' && k !== '#text')
    .map(([k, v]) => element(k, v))
    .join('');
  const body = node['#text'] !== undefined ? escape(node['#text']) : children;
  return body === '' ? `<${name}${attributes}/>` : `<${name}${attributes}>${body}</${name}>`;
}

/** The event as Windows renders it in XML (wevtutil, Splunk's XmlWinEventLog). */
export function windowsXmlShape(e: EvtxEvent): string {
  const system = Object.entries(e.Event.System)
    .map(([k, v]) => element(k, v))
    .join('');
  const data = Object.entries(e.Event.EventData ?? {})
    .map(([k, v]) =>
      v === null ? `<Data Name='${escape(k)}'/>` : `<Data Name='${escape(k)}'>${escape(v)}</Data>`,
    )
    .join('');
  const userData = e.Event.UserData ? element('UserData', e.Event.UserData) : '';
  return (
    `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>${system}</System>` +
    `${e.Event.EventData ? `<EventData>${data}</EventData>` : ''}${userData}</Event>`
  );
}

export function hecXmlShape(e: EvtxEvent): Node {
  const s = systemOf(e);
  return {
    time: Date.parse(s.time) / 1000,
    host: s.computer,
    source: `XmlWinEventLog:${s.channel}`,
    sourcetype: 'XmlWinEventLog',
    index: 'wineventlog',
    event: windowsXmlShape(e),
  };
}

/** A flat event in a HEC envelope, its channel and time only in the envelope. */
export function hecJsonShape(e: EvtxEvent): Node {
  const s = systemOf(e);
  const { Channel: _channel, '@timestamp': _time, ...event } = flatShape(e);
  return {
    time: Date.parse(s.time) / 1000,
    host: s.computer,
    source: `WinEventLog:${s.channel}`,
    sourcetype: '_json',
    event,
  };
}

export const WINDOWS_EVENT_SHAPES = {
  flat: flatShape,
  nxlog: nxlogShape,
  winlogbeat: winlogbeatShape,
  'elastic-agent': elasticAgentShape,
  'hec-xml': hecXmlShape,
  'hec-json': hecJsonShape,
} as const;
