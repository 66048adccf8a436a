/**
 * Every shape SOC pipelines ship gives the same firings: SigmaHQ's regression events (evtx_dump)
 * rewritten as flat JSON, NXLog, Winlogbeat, Elastic Agent (ECS), HEC around XML and around a
 * flat object, through the default mapping with every regression-tested rule loaded at once.
 * Then the envelope and field-resolution rules one by one.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DetectionEngine } from '../detection-engine';
import { loadRuleText } from '../load-rules';
import { DEFAULT_MAPPING_YAML } from '../logsource/default-mapping';
import { loadMapping } from '../logsource/load-mapping';
import { requireSharedSigma } from '../testing/shared-sigma';
import { WINDOWS_EVENT_SHAPES, windowsXmlShape, type EvtxEvent } from '../testing/windows-event-shapes';
import { EventShapeError, openEvent, shapeEvent, shapeOf } from './event-shape';
import { readField } from './field-access';
import { parseEvents } from './parse-events';

const root = requireSharedSigma();
const tests = readFileSync(join(root, 'regression_expected.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line) as { events_file: string; rule_file: string; rule_id: string });

describe('the same events in every shape', () => {
  const rules = tests.flatMap(
    (t) => loadRuleText(t.rule_file, readFileSync(join(root, t.rule_file), 'utf8')).rules,
  );
  const engine = new DetectionEngine(
    rules,
    loadMapping([{ name: 'default', text: DEFAULT_MAPPING_YAML }]).mapping,
  );
  const events = tests.flatMap((t) =>
    parseEvents(readFileSync(join(root, t.events_file), 'utf8')).map((e) => ({
      test: t,
      event: e as unknown as EvtxEvent,
    })),
  );
  const firedOn = (event: Record<string, unknown>) =>
    engine
      .evaluate(shapeEvent(event))
      .map((f) => f.rule.id)
      .sort();

  it('reads the regression events as evtx and fires each test rule', () => {
    expect(rules.length).toBe(tests.length);
    expect(events.length).toBeGreaterThan(tests.length);
    const missed = tests.filter(
      (t) => !events.some((e) => e.test === t && firedOn(e.event as never).includes(t.rule_id)),
    );
    expect(missed.map((t) => t.rule_file)).toEqual([]);
  });

  it.each(Object.entries(WINDOWS_EVENT_SHAPES))('%s gives the firings evtx gives', (_shape, rewrite) => {
    const differences: string[] = [];
    for (const { test, event } of events) {
      const expected = firedOn(event as never);
      const actual = firedOn(rewrite(event));
      if (JSON.stringify(actual) !== JSON.stringify(expected))
        differences.push(`${test.events_file}: ${JSON.stringify(expected)} ≠ ${JSON.stringify(actual)}`);
    }
    expect(differences).toEqual([]);
  });

  it('tells the shapes apart', () => {
    const { event } = events[0]!;
    expect(shapeOf(event as never)).toBe('evtx');
    expect(shapeOf(WINDOWS_EVENT_SHAPES.flat(event))).toBe('flat');
    expect(shapeOf(WINDOWS_EVENT_SHAPES.nxlog(event))).toBe('flat');
    expect(shapeOf(WINDOWS_EVENT_SHAPES.winlogbeat(event))).toBe('ecs');
    expect(shapeOf(WINDOWS_EVENT_SHAPES['elastic-agent'](event))).toBe('ecs');
    expect(shapeOf(WINDOWS_EVENT_SHAPES['hec-xml'](event))).toBe('hec');
    // ECS has an `event` object too; it is not an envelope.
    expect(shapeOf({ event: { code: '1' }, host: { name: 'h' }, '@timestamp': 'x' })).toBe('flat');
  });
});

describe('HEC envelopes', () => {
  it('puts Splunk default fields beside the event, never over its own', () => {
    const shaped = shapeEvent({
      time: 1700000000.5,
      host: 'ws1',
      source: 'WinEventLog:Security',
      sourcetype: 'WinEventLog',
      fields: { datacenter: 'eu' },
      event: { EventID: 4688, host: 'inner' },
    });
    expect(shaped).toEqual({
      EventID: 4688,
      host: 'inner',
      source: 'WinEventLog:Security',
      sourcetype: 'WinEventLog',
      _time: 1700000000.5,
      datacenter: 'eu',
      Channel: 'Security',
    });
  });

  it('opens a JSON string event and keeps plain text as _raw for keyword rules', () => {
    expect(shapeEvent({ event: '{"Image": "C:\\\\x.exe"}' })).toEqual({ Image: 'C:\\x.exe' });
    expect(shapeEvent({ event: 'user=bob action=login', sourcetype: 'linux_secure' })).toEqual({
      _raw: 'user=bob action=login',
      sourcetype: 'linux_secure',
    });
  });

  it('refuses envelopes it cannot open, with the reason', () => {
    expect(() => shapeEvent({ event: 42 })).toThrow(EventShapeError);
    expect(() => shapeEvent({ event: '{"a": ' })).toThrow(/not valid JSON/);
    expect(() => shapeEvent({ event: '<Event><System></Event>' })).toThrow(/invalid event XML/);
    expect(() => shapeEvent({ event: '<Data>x</Data>' })).toThrow(/no <Event> root/);
    const bomb = `<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><Event><System/><EventData><Data Name="x">&b;</Data></EventData></Event>`;
    expect(() => shapeEvent({ event: bomb })).toThrow(/document type/);
    // Names that would reach an object's prototype are refused, never silently dropped.
    const named = (inner: string) => `<Event><System/>${inner}</Event>`;
    expect(() =>
      shapeEvent({ event: named("<EventData><Data Name='__proto__'>x</Data></EventData>") }),
    ).toThrow(EventShapeError);
    expect(() =>
      shapeEvent({ event: named('<UserData><__proto__><p>1</p></__proto__></UserData>') }),
    ).toThrow(EventShapeError);
  });

  it('opens events without throwing: a refusal is a reason', () => {
    expect(openEvent({ event: 42 })).toEqual({
      reason: 'a HEC envelope needs `event` as an object or a string',
    });
    expect(openEvent({ event: { Image: 'x' } })).toEqual({ event: { Image: 'x' } });
  });

  it('holds events to a configured shape', () => {
    expect(() => shapeEvent({ Image: 'x' }, 'hec')).toThrow(
      /expected a Splunk HEC event, got what looks like a flat JSON/,
    );
    expect(shapeEvent({ event: { Image: 'x' } }, 'hec')).toEqual({ Image: 'x' });
    expect(shapeEvent({ Image: 'x' }, 'flat')).toEqual({ Image: 'x' });
  });

  it('reads Windows event XML like evtx_dump, entities decoded', () => {
    const xml = windowsXmlShape({
      Event: {
        System: {
          Provider: { '#attributes': { Name: 'Microsoft-Windows-Security-Auditing' } },
          EventID: { '#attributes': { Qualifiers: '0' }, '#text': 4688 },
          Channel: 'Security',
          Correlation: null,
        },
        EventData: { CommandLine: `cmd /c "a & b" <x>`, Empty: null },
      },
    });
    const event = shapeEvent({ event: xml });
    expect(readField(event, 'EventID')).toBe(4688);
    expect(readField(event, 'Provider_Name')).toBe('Microsoft-Windows-Security-Auditing');
    expect(readField(event, 'CommandLine')).toBe('cmd /c "a & b" <x>');
    expect(readField(event, 'Empty')).toBeNull();
    expect(readField(event, 'Correlation')).toBeNull();
  });
});

describe('field resolution', () => {
  const evtx = {
    Event: {
      System: {
        Provider: { '#attributes': { Name: 'Microsoft-Windows-Eventlog', Guid: '{fc65}' } },
        Security: { '#attributes': { UserID: 'S-1-5-18' } },
        EventID: 1102,
        Channel: 'Security',
      },
      UserData: { LogFileCleared: { '#attributes': { xmlns: 'x' }, SubjectUserName: 'admin' } },
    },
  };

  it('reads System attributes by their Sigma names', () => {
    expect(readField(evtx, 'Provider_Name')).toBe('Microsoft-Windows-Eventlog');
    expect(readField(evtx, 'Provider_Guid')).toBe('{fc65}');
    expect(readField(evtx, 'Security_UserID')).toBe('S-1-5-18');
    expect(readField(evtx, 'Missing_Thing')).toBeUndefined();
  });

  it('finds UserData fields however deep their wrapping element', () => {
    expect(readField(evtx, 'SubjectUserName')).toBe('admin');
    const deeper = { Event: { System: {}, UserData: { A: { B: { C: { TargetName: 't' } } } } } };
    expect(readField(deeper, 'TargetName')).toBe('t');
    expect(readField(deeper, 'xmlns')).toBeUndefined();
  });

  it('matches a rule field without spaces to an event field with them, exact names first', () => {
    const defender = { Event: { System: {}, EventData: { 'Threat Name': 'EICAR', 'Process Name': 'x' } } };
    expect(readField(defender, 'ThreatName')).toBe('EICAR');
    expect(readField({ 'Threat Name': 'a', ThreatName: 'b' }, 'ThreatName')).toBe('b');
    expect(readField({ 'Threat Name': 'a' }, 'Threat Name')).toBe('a');
  });

  it('reads the names NXLog and Fluent Bit give the system fields', () => {
    expect(readField({ SourceName: 'Microsoft-Windows-Sysmon', Hostname: 'ws1' }, 'Provider_Name')).toBe(
      'Microsoft-Windows-Sysmon',
    );
    expect(readField({ ProviderName: 'p' }, 'Provider_Name')).toBe('p');
    expect(readField({ Hostname: 'ws1' }, 'Computer')).toBe('ws1');
  });

  it('reads Winlogbeat system fields and ECS fields under Sigma names, flattened keys too', () => {
    const doc = {
      winlog: { channel: 'Security', event_id: '4688', event_data: { NewProcessName: 'C:\\a.exe' } },
      process: { command_line: 'a.exe -x' },
      user: { name: 'bob', domain: 'CORP' },
    };
    expect(readField(doc, 'Channel')).toBe('Security');
    expect(readField(doc, 'EventID')).toBe('4688');
    expect(readField(doc, 'NewProcessName')).toBe('C:\\a.exe');
    expect(readField(doc, 'CommandLine')).toBe('a.exe -x');
    expect(readField(doc, 'User')).toBe('CORP\\bob');
    const flattened = {
      'winlog.channel': 'System',
      'winlog.event_data.ServiceName': 'svc',
      'process.pid': 4,
    };
    expect(readField(flattened, 'Channel')).toBe('System');
    expect(readField(flattened, 'ServiceName')).toBe('svc');
    expect(readField(flattened, 'ProcessId')).toBe(4);
  });
});
