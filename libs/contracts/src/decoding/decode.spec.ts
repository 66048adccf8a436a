import { DetectionSchema } from '../messages/detection';
import { DispositionSchema } from '../messages/disposition';
import { RiskContributionSchema, type RiskContribution } from '../messages/risk-contribution';
import { AttributionEventSchema } from '../messages/attribution-event';
import { decodeJsonObject, decodeMessage, encodeMessage } from './decode';

const contribution = (): Record<string, unknown> => ({
  schema_version: 1,
  contribution_id: '6f1c7b44-9a0e-5d7c-8f36-0c1a2b3c4d5e',
  detection_id: '0b0e5f0e-3b1e-5c55-9d0a-7f7b7c7d7e7f',
  entity_type: 'user',
  entity_value: 'alice',
  event_time: '2026-01-31T12:00:00.000Z',
  score: 25,
  confidence: 0.8,
  rule_id: 'r-1',
  rule_version: 1,
  level: 'medium',
  tactics: ['discovery'],
  techniques: ['T1087.002'],
});

const bytes = (value: unknown) => Buffer.from(JSON.stringify(value));

function rejectionOf(result: ReturnType<typeof decodeMessage>) {
  if (result.ok) throw new Error('expected a rejection');
  return result.rejection;
}

describe('decodeMessage', () => {
  it('returns a validated instance for a valid message', () => {
    const result = decodeMessage(RiskContributionSchema, bytes(contribution()));
    expect(result.ok).toBe(true);
    const value = (result as { value: RiskContribution }).value;
    expect(value.entity_value).toBe('alice');
    expect(value.techniques).toEqual(['T1087.002']);
  });

  it('strips unknown fields from a valid message', () => {
    const result = decodeMessage(RiskContributionSchema, bytes({ ...contribution(), extra: 'x' }));
    expect(result.ok && 'extra' in result.value).toBe(false);
  });

  it('round-trips through encodeMessage', () => {
    const result = decodeMessage(RiskContributionSchema, encodeMessage(contribution()));
    expect(result.ok).toBe(true);
  });

  it('names every wrong field with its path', () => {
    const rejection = rejectionOf(
      decodeMessage(
        RiskContributionSchema,
        bytes({ ...contribution(), score: 'high', tactics: ['discovery', 'teleportation'] }),
      ),
    );
    expect(rejection.kind).toBe('schema_violation');
    expect(rejection.fields?.map((f) => f.path).sort()).toEqual(['score', 'tactics']);
  });

  it('reports a missing field', () => {
    const { entity_value: _, ...rest } = contribution();
    const rejection = rejectionOf(decodeMessage(RiskContributionSchema, bytes(rest)));
    expect(rejection.fields?.map((f) => f.path)).toEqual(['entity_value']);
  });

  it('gives nested field paths with array indices', () => {
    const detection = {
      schema_version: 1,
      detection_id: '0b0e5f0e-3b1e-5c55-9d0a-7f7b7c7d7e7f',
      rule_id: 'r',
      rule_version: 1,
      rule_title: 't',
      rule_kind: 'sigma',
      level: 'high',
      confidence: 1,
      score: 50,
      tactics: [],
      techniques: [],
      event_time: '2026-01-31T12:00:00Z',
      source: { topic: 'soc.events', partition: 0, offset: '1' },
      entities: [{ type: 'user', value: 'a' }],
    };
    expect(decodeMessage(DetectionSchema, bytes(detection)).ok).toBe(true);
    const rejection = rejectionOf(
      decodeMessage(
        DetectionSchema,
        bytes({ ...detection, source: { topic: 'x', partition: -1, offset: '1' } }),
      ),
    );
    expect(rejection.fields?.map((f) => f.path)).toEqual(['source.partition']);
    const nested = rejectionOf(
      decodeMessage(
        DetectionSchema,
        bytes({
          ...detection,
          entities: [
            { type: 'user', value: 'a' },
            { type: 'Bad Type', value: '' },
          ],
        }),
      ),
    );
    expect(nested.fields?.map((f) => f.path).sort()).toEqual(['entities[1].type', 'entities[1].value']);
  });

  it('refuses a zone-less event time', () => {
    const rejection = rejectionOf(
      decodeMessage(RiskContributionSchema, bytes({ ...contribution(), event_time: '2026-01-31T12:00:00' })),
    );
    expect(rejection.fields?.[0]?.path).toBe('event_time');
  });

  it('refuses a missing or unknown schema version', () => {
    const { schema_version: _, ...unversioned } = contribution();
    expect(rejectionOf(decodeMessage(RiskContributionSchema, bytes(unversioned))).kind).toBe(
      'schema_violation',
    );
    const future = rejectionOf(
      decodeMessage(RiskContributionSchema, bytes({ ...contribution(), schema_version: 2 })),
    );
    expect(future.kind).toBe('unknown_version');
    expect(future.message).toContain('supported: 1');
    expect(
      rejectionOf(decodeMessage(RiskContributionSchema, bytes({ ...contribution(), schema_version: '1' })))
        .kind,
    ).toBe('unknown_version');
  });

  it('refuses invalid JSON, non-objects and empty values', () => {
    expect(rejectionOf(decodeMessage(RiskContributionSchema, Buffer.from('{"a":'))).kind).toBe(
      'invalid_json',
    );
    expect(rejectionOf(decodeMessage(RiskContributionSchema, Buffer.from('[1,2]'))).kind).toBe(
      'not_an_object',
    );
    expect(rejectionOf(decodeMessage(RiskContributionSchema, Buffer.from('null'))).kind).toBe(
      'not_an_object',
    );
    expect(rejectionOf(decodeMessage(RiskContributionSchema, Buffer.from('"x"'))).kind).toBe('not_an_object');
    expect(rejectionOf(decodeMessage(RiskContributionSchema, null)).kind).toBe('empty');
    expect(rejectionOf(decodeMessage(RiskContributionSchema, Buffer.alloc(0))).kind).toBe('empty');
  });

  it('refuses non-UTF-8 bytes', () => {
    const invalid = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]);
    expect(rejectionOf(decodeMessage(RiskContributionSchema, invalid)).kind).toBe('not_utf8');
    expect(
      rejectionOf(decodeMessage(RiskContributionSchema, Buffer.from([0xff, 0xfe, 0x7b, 0x7d]))).kind,
    ).toBe('not_utf8');
  });

  it('refuses a 10 MB payload before parsing it', () => {
    const huge = Buffer.alloc(10 * 1024 * 1024, 0x20);
    huge.write('{"a":"', 0);
    const rejection = rejectionOf(decodeMessage(RiskContributionSchema, huge));
    expect(rejection.kind).toBe('oversized');
    expect(rejection.message).toContain(String(huge.length));
  });

  it.each(['__proto__', 'constructor', 'prototype'])(
    'refuses the key %s anywhere and pollutes nothing',
    (key) => {
      const top = `{"schema_version":1,"${key}":{"polluted":true}}`;
      const nested = JSON.stringify({ ...contribution() }).replace(
        '"tactics"',
        `"x":{"y":[{"${key}":{"polluted":true}}]},"tactics"`,
      );
      const topRejection = rejectionOf(decodeMessage(RiskContributionSchema, Buffer.from(top)));
      expect(topRejection.kind).toBe('forbidden_key');
      const nestedRejection = rejectionOf(decodeMessage(RiskContributionSchema, Buffer.from(nested)));
      expect(nestedRejection.fields?.[0]?.path).toBe(`x.y[0].${key}`);
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty('polluted');
    },
  );

  it('refuses pathological nesting', () => {
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    const rejection = rejectionOf(decodeMessage(RiskContributionSchema, Buffer.from(`{"a":${deep}}`)));
    expect(rejection.kind).toBe('too_deep');
  });

  it('validates cross-field rules of dispositions', () => {
    const base = {
      schema_version: 1,
      verdict: 'false_positive',
      timestamp: '2026-01-31T12:00:00Z',
      analyst: 'ana',
    };
    expect(decodeMessage(DispositionSchema, bytes({ ...base, scope: 'detection', rule_id: 'r' })).ok).toBe(
      true,
    );
    expect(
      rejectionOf(decodeMessage(DispositionSchema, bytes({ ...base, scope: 'detection' }))).fields?.[0]?.path,
    ).toBe('rule_id');
    expect(
      rejectionOf(decodeMessage(DispositionSchema, bytes({ ...base, scope: 'incident' }))).fields?.[0]?.path,
    ).toBe('incident_id');
    expect(
      rejectionOf(
        decodeMessage(
          DispositionSchema,
          bytes({ ...base, scope: 'detection', rule_id: 'r', verdict: 'maybe' }),
        ),
      ).fields?.[0]?.path,
    ).toBe('verdict');
    const note = 'é'.repeat(1025); // 2,050 bytes in 1,025 characters
    expect(
      rejectionOf(
        decodeMessage(DispositionSchema, bytes({ ...base, scope: 'detection', rule_id: 'r', note })),
      ).fields?.[0]?.path,
    ).toBe('note');
  });

  it('dispatches a union on its type field', () => {
    const changed = {
      schema_version: 1,
      type: 'state_changed',
      identity_id: '0b0e5f0e-3b1e-5c55-9d0a-7f7b7c7d7e7f',
      primitive: 'motor.input_modality',
      old_state: null,
      new_state: 'stable',
      current_value: 'typed',
      confidence: 0.8,
      observation_count: 5,
      ts: '2026-01-31T12:00:00Z',
    };
    expect(decodeMessage(AttributionEventSchema, bytes(changed)).ok).toBe(true);
    expect(
      rejectionOf(decodeMessage(AttributionEventSchema, bytes({ ...changed, type: 'other' }))).kind,
    ).toBe('schema_violation');
  });
});

describe('decodeJsonObject', () => {
  it('accepts any JSON object and honours a custom size limit', () => {
    expect(decodeJsonObject(Buffer.from('{"EventID":1}')).ok).toBe(true);
    const small = decodeJsonObject(Buffer.from('{"EventID":1}'), { maxBytes: 5 });
    expect(!small.ok && small.rejection.kind).toBe('oversized');
  });
});
