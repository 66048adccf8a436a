/**
 * Reads a field of a security event by name, whatever its shape: flat JSON (`Image`), nested
 * JSON by dotted path (`process.command_line`), or evtx_dump records
 * (`{"Event": {"System": {...}, "EventData": {...}}}`), where a bare name is looked up in
 * EventData, then System. Invariant: a missing field is `undefined`, never an exception.
 */
export type EventObject = Readonly<Record<string, unknown>>;

function own(object: unknown, key: string): unknown {
  if (typeof object !== 'object' || object === null || Array.isArray(object)) return undefined;
  return Object.prototype.hasOwnProperty.call(object, key)
    ? (object as Record<string, unknown>)[key]
    : undefined;
}

function dotted(event: unknown, path: string): unknown {
  let current: unknown = event;
  for (const part of path.split('.')) {
    current = own(current, part);
    if (current === undefined) return undefined;
  }
  return current;
}

/** The evtx_dump sections, when the event has that shape. */
export function evtxSections(event: EventObject): { system: unknown; data: unknown } | null {
  const root = own(event, 'Event');
  if (root === undefined) return null;
  return { system: own(root, 'System'), data: own(root, 'EventData') ?? own(root, 'UserData') };
}

export function readField(event: EventObject, name: string): unknown {
  const direct = own(event, name);
  if (direct !== undefined) return direct;
  const evtx = evtxSections(event);
  if (evtx) {
    const fromData = own(evtx.data, name);
    if (fromData !== undefined) return fromData;
    const fromSystem = own(evtx.system, name);
    if (fromSystem !== undefined) return evtxSystemValue(fromSystem);
  }
  return name.includes('.') ? dotted(event, name) : undefined;
}

/** evtx_dump renders some System fields as `{"#text": 1, "#attributes": {...}}`. */
function evtxSystemValue(value: unknown): unknown {
  const text = own(value, '#text');
  return text !== undefined ? text : value;
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
