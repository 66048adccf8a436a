/**
 * Reads a field of a security event by its Sigma name, whatever shape the event came in
 * (event-shape.ts): flat JSON (`Image`; NXLog's `SourceName` and Fluent Bit's `ProviderName`
 * answer `Provider_Name`, NXLog's `Hostname` answers `Computer`), nested or flattened dotted
 * paths (`process.command_line`), evtx_dump records (EventData, then UserData however deep its
 * wrapping element, then System; `Provider_Name`-style names read a System element's attribute)
 * and Winlogbeat / Elastic Agent documents (`winlog.event_data`, the `winlog.*` system fields,
 * then the ECS field a Sigma name maps to, e.g. `CommandLine` ← `process.command_line`). A rule
 * field without spaces also matches an event field whose name has them (`ThreatName` ↔
 * Defender's `Threat Name`), as SigmaHQ's tooling does.
 *
 * Invariant: the event's own field of that exact name always wins; a missing field is
 * `undefined`, never an exception; reads are pure (the despacing index is a cache per object).
 */
export type EventObject = Readonly<Record<string, unknown>>;

function own(object: unknown, key: string): unknown {
  if (typeof object !== 'object' || object === null || Array.isArray(object)) return undefined;
  return Object.prototype.hasOwnProperty.call(object, key)
    ? (object as Record<string, unknown>)[key]
    : undefined;
}

/** A dotted path, nested (`{"process": {"pid": 1}}`) or flattened (`{"process.pid": 1}`). */
function pathValue(event: unknown, path: string): unknown {
  let current: unknown = event;
  for (const part of path.split('.')) {
    current = own(current, part);
    if (current === undefined) return own(event, path);
  }
  return current;
}

/** The evtx_dump sections, when the event has that shape. */
export function evtxSections(event: EventObject): { system: unknown; data: unknown } | null {
  const root = own(event, 'Event');
  if (root === undefined) return null;
  return { system: own(root, 'System'), data: own(root, 'EventData') ?? own(root, 'UserData') };
}

const despacedIndex = new WeakMap<object, ReadonlyMap<string, string> | null>();

/** `ThreatName` → the value of `Threat Name`, for objects that have such keys at all. */
function despaced(object: unknown, name: string): unknown {
  if (typeof object !== 'object' || object === null || Array.isArray(object) || name.includes(' '))
    return undefined;
  let index = despacedIndex.get(object);
  if (index === undefined) {
    const keys = Object.keys(object).filter((k) => k.includes(' '));
    index = keys.length === 0 ? null : new Map(keys.map((k) => [k.replace(/ /g, ''), k]));
    despacedIndex.set(object, index);
  }
  const key = index?.get(name);
  return key === undefined ? undefined : own(object, key);
}

/** `name`, else its despaced match; null is a value (an empty `<Data/>`), only undefined is missing. */
function named(object: unknown, name: string): unknown {
  const value = own(object, name);
  return value !== undefined ? value : despaced(object, name);
}

/** The first value named `name` below `node`, breadth first, within a few wrapping levels. */
function nested(node: unknown, name: string, depth = 4): unknown {
  let level: unknown[] = [node];
  for (let d = 0; d <= depth && level.length > 0; d++) {
    const next: unknown[] = [];
    for (const n of level) {
      if (typeof n !== 'object' || n === null || Array.isArray(n)) continue;
      const value = named(n, name);
      if (value !== undefined) return value;
      for (const [key, child] of Object.entries(n)) if (key !== '#attributes') next.push(child);
    }
    level = next;
  }
  return undefined;
}

/** evtx_dump renders some System fields as `{"#text": 1, "#attributes": {...}}`. */
function evtxSystemValue(value: unknown): unknown {
  const text = own(value, '#text');
  return text !== undefined ? text : value;
}

function evtxField(root: unknown, name: string): unknown {
  const data = own(root, 'EventData');
  const fromData = named(data, name);
  if (fromData !== undefined) return fromData;
  const userData = own(root, 'UserData');
  if (userData !== undefined) {
    const fromUser = nested(userData, name);
    if (fromUser !== undefined) return fromUser;
  }
  const system = own(root, 'System');
  const fromSystem = own(system, name);
  if (fromSystem !== undefined) return evtxSystemValue(fromSystem);
  // Sigma's `Provider_Name`, `Security_UserID`, `Execution_ProcessID`: an element's attribute.
  const split = name.indexOf('_');
  if (split > 0) return own(own(own(system, name.slice(0, split)), '#attributes'), name.slice(split + 1));
  return undefined;
}

/** The Windows system fields as Winlogbeat names them. */
const WINLOG_SYSTEM: Readonly<Record<string, readonly string[]>> = {
  Channel: ['winlog.channel'],
  EventID: ['winlog.event_id', 'event.code'],
  Provider_Name: ['winlog.provider_name', 'event.provider'],
  Provider_Guid: ['winlog.provider_guid'],
  Computer: ['winlog.computer_name', 'host.name'],
  EventRecordID: ['winlog.record_id'],
  Task: ['winlog.task'],
  Opcode: ['winlog.opcode'],
  Version: ['winlog.version'],
  Keywords: ['winlog.keywords'],
  Security_UserID: ['winlog.user.identifier'],
  Execution_ProcessID: ['winlog.process.pid'],
  Execution_ThreadID: ['winlog.process.thread.id'],
};

/**
 * Sigma fields that Winlogbeat's and Elastic Agent's processors move out of event_data into ECS
 * (the correspondence of pySigma's ECS Windows pipeline), first present wins.
 */
const ECS_FIELDS: Readonly<Record<string, readonly string[]>> = {
  Image: ['process.executable'],
  CommandLine: ['process.command_line'],
  ParentImage: ['process.parent.executable'],
  ParentCommandLine: ['process.parent.command_line'],
  OriginalFileName: ['process.pe.original_file_name'],
  CurrentDirectory: ['process.working_directory'],
  ProcessId: ['process.pid'],
  ProcessGuid: ['process.entity_id'],
  ParentProcessId: ['process.parent.pid'],
  ParentProcessGuid: ['process.parent.entity_id'],
  Company: ['process.pe.company'],
  Description: ['process.pe.description'],
  Product: ['process.pe.product'],
  FileVersion: ['process.pe.file_version'],
  TargetFilename: ['file.path'],
  ImageLoaded: ['dll.path', 'file.path'],
  PipeName: ['file.name'],
  TargetObject: ['registry.path'],
  Details: ['registry.data.strings'],
  DestinationIp: ['destination.ip'],
  DestinationPort: ['destination.port'],
  DestinationHostname: ['destination.domain'],
  SourceIp: ['source.ip'],
  SourcePort: ['source.port'],
  SourceHostname: ['source.domain'],
  Protocol: ['network.transport'],
  QueryName: ['dns.question.name'],
  ScriptBlockText: ['powershell.file.script_block_text'],
  ScriptBlockId: ['powershell.file.script_block_id'],
  Path: ['file.path'],
  ComputerName: ['host.name'],
};

function firstPath(event: EventObject, paths: readonly string[] | undefined): unknown {
  for (const path of paths ?? []) {
    const value = pathValue(event, path);
    if (value !== undefined) return value;
  }
  return undefined;
}

function isEcs(event: EventObject): boolean {
  return (
    own(event, 'winlog') !== undefined ||
    own(event, 'ecs') !== undefined ||
    own(event, 'winlog.channel') !== undefined
  );
}

function ecsField(event: EventObject, name: string): unknown {
  const data = pathValue(event, 'winlog.event_data');
  const nestedData = named(data, name);
  const fromData = nestedData !== undefined ? nestedData : own(event, `winlog.event_data.${name}`);
  if (fromData !== undefined) return fromData;
  const userData = pathValue(event, 'winlog.user_data');
  if (userData !== undefined) {
    const fromUser = nested(userData, name);
    if (fromUser !== undefined) return fromUser;
  }
  const fromSystem = firstPath(event, WINLOG_SYSTEM[name]);
  if (fromSystem !== undefined) return fromSystem;
  if (name === 'User') {
    // Sigma's User is DOMAIN\name; ECS keeps the two apart.
    const user = pathValue(event, 'user.name');
    const domain = pathValue(event, 'user.domain');
    if (typeof user === 'string')
      return typeof domain === 'string' && domain !== '' ? `${domain}\\${user}` : user;
  }
  return firstPath(event, ECS_FIELDS[name]);
}

/** What NXLog (im_msvistalog) and Fluent Bit (winevtlog) call the Windows system fields. */
const FLAT_ALIASES: Readonly<Record<string, readonly string[]>> = {
  Provider_Name: ['ProviderName', 'SourceName'],
  Provider_Guid: ['ProviderGuid'],
  Computer: ['Hostname'],
  EventRecordID: ['RecordNumber'],
};

export function readField(event: EventObject, name: string): unknown {
  const direct = own(event, name);
  if (direct !== undefined) return direct;
  const root = own(event, 'Event');
  if (root !== undefined) {
    const fromEvtx = evtxField(root, name);
    if (fromEvtx !== undefined) return fromEvtx;
  } else if (isEcs(event)) {
    const fromEcs = ecsField(event, name);
    if (fromEcs !== undefined) return fromEcs;
  } else {
    const alias = firstPath(event, FLAT_ALIASES[name]);
    if (alias !== undefined) return alias;
  }
  if (name.includes('.')) return pathValue(event, name);
  return despaced(event, name);
}

/** Every scalar value of the event (for keyword searches): EventData for evtx, else all leaves. */
export function scalarValues(event: EventObject): unknown[] {
  const evtx = evtxSections(event);
  const root: unknown = evtx ? evtx.data : event;
  const out: unknown[] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (value === null || value === undefined) continue;
    if (typeof value === 'object') stack.push(...Object.values(value as object));
    else out.push(value);
  }
  return out;
}
