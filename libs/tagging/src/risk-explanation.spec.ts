/**
 * What makes a contribution explainable: risk factors from entity context (worked numbers),
 * threat objects from the event, and the rendered risk message — through tagEvent, as the
 * tagger and the offline CLI produce them.
 */
import { loadRuleText, LogSourceMapping, DetectionEngine } from '@riskline/detection';
import type { EntityContextRecord } from '@riskline/contracts';
import { RuleStates } from '@riskline/rule-state';
import { decodeContextRecord, EntityContexts } from './entity-contexts';
import { parseRiskConfig } from './risk-config';
import { applyRiskFactors, compileFactors, RiskFactorFile } from './risk-factors';
import { riskMessage } from './risk-message';
import { tagEvent, type EventOrigin } from './tag-event';
import { threatObjectsOf } from './threat-objects';

const RULES = `title: LSASS dump with comsvcs
id: sigma-comsvcs
level: high
risk_message: "$User$ dumped LSASS on $Computer$ with $Image$ ($Missing$, 100$$)"
tags: [attack.credential_access, attack.t1003.001]
logsource: {category: test}
detection: {sel: {CommandLine|contains: comsvcs}, condition: sel}
---
title: Whoami
id: sigma-whoami
level: low
logsource: {category: test}
detection: {sel: {CommandLine|contains: whoami}, condition: sel}
`;
const engine = new DetectionEngine(loadRuleText('rules.yml', RULES).rules, new LogSourceMapping([]));
const origin: EventOrigin = {
  topic: 'soc.events',
  partition: 0,
  offset: '7',
  eventTimeMs: Date.parse('2026-03-01T10:00:00Z'),
};
const event = {
  logsource: { category: 'test' },
  CommandLine: 'rundll32.exe C:\\Windows\\System32\\comsvcs.dll, MiniDump 624 C:\\Temp\\l.dmp full',
  Image: 'C:\\Windows\\System32\\rundll32.exe',
  User: 'CORP\\svc-backup',
  Computer: 'SRV-DB-01.corp.example',
  Hashes: 'SHA256=AB12CD,MD5=EF34,IMPHASH=0099',
};

const FACTORS = `risk_factors:
  - {name: privileged-identity, when: {entity_type: [user], category: [admin]}, multiply: 1.5}
  - {name: critical-asset, when: {criticality: [critical]}, multiply: 2}
  - {name: watchlisted, when: {watchlist: true}, add: 20}
  - {name: quiet-rule, when: {rule: ["sigma-who*"]}, add: -5}
`;

function context(partial: Partial<EntityContextRecord>): EntityContextRecord {
  return { schema_version: 1, entity_type: 'user', entity_value: 'x', ...partial };
}

describe('risk factors', () => {
  const config = parseRiskConfig(FACTORS);
  const contexts = new EntityContexts();
  contexts.apply(
    'user:corp\\svc-backup',
    context({ entity_value: 'corp\\svc-backup', categories: ['Admin', 'service'], watchlist: true }),
  );
  contexts.apply(
    'host:srv-db-01',
    context({ entity_type: 'host', entity_value: 'srv-db-01', criticality: 'critical' }),
  );
  const tagged = tagEvent(event, engine.evaluate(event, 'ref'), origin, config, new RuleStates(), contexts);
  const byEntity = new Map(tagged.contributions.map((c) => [c.key, c.value]));

  it('multiplies first, then adds, and records the base score, the factors and the context', () => {
    // High = 50: ×1.5 (admin identity) then +20 (watchlist) = 95.
    expect(byEntity.get('user:corp\\svc-backup')).toEqual(
      expect.objectContaining({
        score: 95,
        base_score: 50,
        factors: [
          { name: 'privileged-identity', effect: '×1.5' },
          { name: 'watchlisted', effect: '+20' },
        ],
        context: { categories: ['Admin', 'service'], watchlist: true },
      }),
    );
    // The critical asset: 50 × 2 = 100; the detection keeps the unweighted score.
    expect(byEntity.get('host:srv-db-01')).toEqual(
      expect.objectContaining({ score: 100, base_score: 50, context: { criticality: 'critical' } }),
    );
    expect(tagged.detections[0]!.value.score).toBe(50);
  });

  it('leaves a contribution without a holding factor as it was, with no explanation fields', () => {
    const plain = tagEvent(event, engine.evaluate(event, 'ref'), origin, config, new RuleStates());
    for (const c of plain.contributions) {
      expect(c.value.score).toBe(50);
      expect(c.value).not.toHaveProperty('base_score');
      expect(c.value).not.toHaveProperty('factors');
      expect(c.value).not.toHaveProperty('context');
    }
  });

  it('takes conditions on the contribution itself, negative additions and a floor at zero', () => {
    const [quiet] = compileFactors([RiskFactorFile.of({ name: 'q', add: -100 })]);
    expect(
      applyRiskFactors(10, [quiet!], {
        entityType: 'user',
        context: undefined,
        tactics: [],
        level: 'low',
        ruleId: 'r',
      }),
    ).toEqual({
      score: 0,
      applied: [{ name: 'q', effect: '-100' }],
    });
    const whoami = { ...event, CommandLine: 'whoami /all' };
    const out = tagEvent(whoami, engine.evaluate(whoami, 'ref'), origin, config, new RuleStates());
    expect(out.contributions.map((c) => [c.value.score, c.value.factors])).toEqual([
      [5, [{ name: 'quiet-rule', effect: '-5' }]],
      [5, [{ name: 'quiet-rule', effect: '-5' }]],
    ]);
  });

  it('ships its example factors disabled, and refuses a factor with both or neither effect', () => {
    expect(parseRiskConfig('').factors).toEqual([]);
    expect(() => parseRiskConfig('risk_factors: [{name: x, multiply: 2, add: 1}]')).toThrow(
      /risk_factors\[0\]: needs exactly one of multiply or add/,
    );
    expect(() => parseRiskConfig('risk_factors: [{name: x, add: 1, when: {criticality: [huge]}}]')).toThrow(
      /risk_factors\[0\]\.when\.criticality: unknown criticality huge/,
    );
    expect(() => parseRiskConfig('risk_factors: [{name: x, add: 1, when: {colour: red}}]')).toThrow(
      /when\.colour/,
    );
  });
});

describe('entity context records', () => {
  it('refuses a record keyed by another entity, and forgets on a tombstone', () => {
    const record = Buffer.from(JSON.stringify(context({ entity_value: 'corp\\alice', criticality: 'high' })));
    expect(decodeContextRecord('user:corp\\alice', record).ok).toBe(true);
    const wrong = decodeContextRecord('user:corp\\bob', record);
    expect(wrong.ok ? null : wrong.rejection.message).toMatch(/not the record's entity 'user:corp\\alice'/);
    const table = new EntityContexts();
    table.apply('user:corp\\alice', context({ entity_value: 'corp\\alice', criticality: 'high' }));
    expect(table.contextOf({ type: 'user', value: 'corp\\alice' })).toEqual({ criticality: 'high' });
    table.apply('user:corp\\alice', null);
    expect(table.contextOf({ type: 'user', value: 'corp\\alice' })).toBeUndefined();
  });
});

describe('threat objects', () => {
  it('reads the configured fields, one object per Sysmon hash, each once', () => {
    const config = parseRiskConfig('');
    expect(threatObjectsOf({ ...event, QueryName: 'Evil.Example.' }, config.threatObjects)).toEqual([
      { type: 'file_hash', value: 'ab12cd' },
      { type: 'file_hash', value: 'ef34' },
      { type: 'file_hash', value: '0099' },
      { type: 'domain', value: 'evil.example' },
      { type: 'command_line', value: event.CommandLine },
    ]);
    const tagged = tagEvent(event, engine.evaluate(event, 'ref'), origin, config, new RuleStates());
    expect(tagged.contributions[0]!.value.threat_objects).toHaveLength(4);
  });
});

describe('risk messages', () => {
  it('fills $field$ from the event, keeps a missing one visible, and reads $$ as $', () => {
    const config = parseRiskConfig('');
    const tagged = tagEvent(event, engine.evaluate(event, 'ref'), origin, config, new RuleStates());
    expect(tagged.contributions[0]!.value.message).toBe(
      'CORP\\svc-backup dumped LSASS on SRV-DB-01.corp.example with C:\\Windows\\System32\\rundll32.exe ($Missing$, 100$)',
    );
    expect(riskMessage(undefined, 'Whoami', {})).toBe('Whoami');
    expect(riskMessage('x'.repeat(5000), 't', {})).toHaveLength(1024);
  });
});
