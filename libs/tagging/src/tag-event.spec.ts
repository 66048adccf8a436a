import { loadRuleText, LogSourceMapping, DetectionEngine } from '@riskline/detection';
import type { RuleState } from '@riskline/contracts';
import { parseRiskConfig } from './risk-config';
import { RuleStates } from '@riskline/rule-state';
import { eventIdOf, tagEvent, type EventOrigin } from './tag-event';

const RULES = `title: Credential dumping
id: sigma-dump
level: high
tags: [attack.credential_access, attack.t1003.001]
logsource: {category: test}
fields: [CommandLine]
detection: {sel: {CommandLine|contains: sekurlsa}, condition: sel}
---
title: Scored by the rule itself
id: sigma-own-score
level: low
risk_score: 80
logsource: {category: test}
detection: {sel: {CommandLine|contains: own}, condition: sel}
---
rule_id: native-recon
rule_version: 2
name: Recon
applies_to: [honeypot.command]
match: {contains: uname}
emits:
  - {tactic: discovery, technique_id: T1082, confidence: 0.4}
  - {tactic: discovery, technique_id: T1033, confidence: 0.6}
evidence_fields: [command]
`;

const config = parseRiskConfig('');
const engine = new DetectionEngine(loadRuleText('rules.yml', RULES).rules, new LogSourceMapping([]));
const origin: EventOrigin = {
  topic: 'soc.events',
  partition: 2,
  offset: '41',
  eventTimeMs: Date.parse('2026-03-01T10:00:00Z'),
};
const event = {
  logsource: { category: 'test' },
  CommandLine: 'mimikatz sekurlsa::logonpasswords',
  User: 'CORP\\Alice',
  Computer: 'WS-01',
  IpAddress: '-',
};

function tag(e: Record<string, unknown>, states = new RuleStates(), at: EventOrigin = origin) {
  return tagEvent(e, engine.evaluate(e, `${at.topic}/${at.partition}/${at.offset}`), at, config, states);
}

function state(partial: Partial<RuleState>): RuleState {
  return {
    schema_version: 1,
    rule_id: 'sigma-dump',
    state: 'clipped',
    reason: 'noisy',
    set_by: 'ana',
    set_at: '2026-01-01T00:00:00Z',
    origin: 'operator',
    ...partial,
  };
}

describe('tagEvent', () => {
  it('produces one detection per firing and one contribution per entity, keyed by entity', () => {
    const out = tag(event);
    expect(out.detections).toHaveLength(1);
    const [detection] = out.detections;
    expect(detection!.key).toBe('user:corp\\alice');
    expect(detection!.value).toEqual(
      expect.objectContaining({
        rule_id: 'sigma-dump',
        rule_kind: 'sigma',
        level: 'high',
        confidence: 1,
        score: 50,
        tactics: ['credential-access'],
        techniques: ['T1003.001'],
        event_time: '2026-03-01T10:00:00.000Z',
        source: { topic: 'soc.events', partition: 2, offset: '41' },
        entities: [
          { type: 'user', value: 'corp\\alice' },
          { type: 'host', value: 'ws-01' },
        ],
        evidence: { CommandLine: 'mimikatz sekurlsa::logonpasswords' },
      }),
    );
    expect(out.contributions.map((c) => [c.key, c.value.score, c.value.detection_id])).toEqual([
      ['user:corp\\alice', 50, detection!.value.detection_id],
      ['host:ws-01', 50, detection!.value.detection_id],
    ]);
  });

  it('gives the same ids on replay, different ids for another event or rule version', () => {
    const a = tag(event);
    expect(tag(event)).toEqual(a);
    const other = tag(event, new RuleStates(), { ...origin, offset: '42' });
    expect(other.detections[0]!.value.detection_id).not.toBe(a.detections[0]!.value.detection_id);
    const ownId = tag({ ...event, event_id: 'evt-7' }, new RuleStates(), { ...origin, eventId: 'evt-7' });
    const elsewhere = tag({ ...event, event_id: 'evt-7' }, new RuleStates(), {
      ...origin,
      partition: 9,
      offset: '1',
      eventId: 'evt-7',
    });
    expect(ownId.detections[0]!.value.detection_id).toBe(elsewhere.detections[0]!.value.detection_id);
  });

  it('scores by rule attribute before level, scaled by confidence', () => {
    expect(tag({ ...event, CommandLine: 'own' }).detections[0]!.value.score).toBe(80);
    const native = tag({ source_kind: 'honeypot.command', command: 'uname -a', src_ip: '10.0.0.9' });
    expect(native.detections[0]!.value).toEqual(
      expect.objectContaining({ rule_kind: 'native', rule_version: 2, confidence: 0.6, score: 15 }),
    );
    expect(native.contributions.map((c) => c.key)).toEqual(['src_ip:10.0.0.9']);
  });

  it('suppresses disabled rules and clips confidence, honouring expiry at event time', () => {
    const states = new RuleStates();
    states.apply('sigma-dump', state({ state: 'disabled' }));
    expect(tag(event, states)).toEqual({
      detections: [],
      contributions: [],
      suppressed: 1,
      excluded: [{ type: 'src_ip', reason: 'placeholder' }],
    });
    states.apply(
      'sigma-dump',
      state({ state: 'clipped', confidence_max: 0.2, expires_at: '2026-03-01T11:00:00Z' }),
    );
    expect(tag(event, states).detections[0]!.value).toEqual(
      expect.objectContaining({ confidence: 0.2, score: 10 }),
    );
    const later = { ...origin, eventTimeMs: Date.parse('2026-03-01T11:00:00Z') };
    expect(tag(event, states, later).detections[0]!.value.confidence).toBe(1);
    states.apply('sigma-dump', null);
    expect(tag(event, states).detections[0]!.value.confidence).toBe(1);
  });

  it('makes no phantom entities and keys entity-less detections by their id', () => {
    const out = tag({
      logsource: { category: 'test' },
      CommandLine: 'sekurlsa',
      User: '  ',
      Computer: null,
      IpAddress: '-',
    });
    expect(out.detections[0]!.value.entities).toEqual([]);
    expect(out.detections[0]!.key).toBe(out.detections[0]!.value.detection_id);
    expect(out.contributions).toEqual([]);
  });
});

describe('eventIdOf', () => {
  it('prefers an explicit id', () => {
    expect(eventIdOf({ event_id: 'e-1', EventRecordID: 7, Computer: 'h', Channel: 'Security' })).toBe('e-1');
  });

  it('identifies a Windows record by host, channel and record id, never by the per-host counter alone', () => {
    const a = eventIdOf({ EventRecordID: 4242, Computer: 'WS-01.corp', Channel: 'Security' });
    const b = eventIdOf({ EventRecordID: 4242, Computer: 'WS-02.corp', Channel: 'Security' });
    const c = eventIdOf({
      EventRecordID: 4242,
      Computer: 'WS-01.corp',
      Channel: 'Microsoft-Windows-Sysmon/Operational',
    });
    expect(new Set([a, b, c]).size).toBe(3);
    expect(
      eventIdOf({ Event: { System: { EventRecordID: 4242, Computer: 'WS-01.CORP', Channel: 'Security' } } }),
    ).toBe(a);
    expect(eventIdOf({ winlog: { record_id: 4242, computer_name: 'ws-01.corp', channel: 'Security' } })).toBe(
      a,
    );
  });

  it('gives no id (the record coordinates serve) when a Windows record lacks its host or channel', () => {
    expect(eventIdOf({ EventRecordID: 4242 })).toBeUndefined();
    expect(eventIdOf({ EventRecordID: 4242, Computer: 'h' })).toBeUndefined();
  });
});
