import { parseVerdictBatch } from './verdict-batch';

const ok = {
  schema_version: 1,
  rule_id: 'r1',
  verdict: 'false_positive',
  scope: 'detection',
  fingerprint: 'det-1',
  timestamp: '2026-06-01T12:00:00Z',
  analyst: 'ana',
};

describe('verdict batch', () => {
  it('reads an object, an array and NDJSON', () => {
    expect(parseVerdictBatch(JSON.stringify(ok))!.records).toHaveLength(1);
    expect(parseVerdictBatch([ok, { ...ok, fingerprint: 'det-2' }])!.records).toHaveLength(2);
    const ndjson = `${JSON.stringify(ok)}\n\n${JSON.stringify({ ...ok, fingerprint: 'det-2' })}\n`;
    expect(parseVerdictBatch(ndjson)!.records.map((r) => r.disposition.fingerprint)).toEqual([
      'det-1',
      'det-2',
    ]);
  });

  it('rejects each bad record with its reason and keeps the others', () => {
    const batch = parseVerdictBatch([
      ok,
      { ...ok, verdict: 'maybe' },
      { ...ok, timestamp: 'yesterday' },
      { ...ok, note: 'x'.repeat(2049) },
      { ...ok, scope: 'incident', rule_id: undefined },
      'text',
    ])!;
    expect(batch.records.map((r) => r.index)).toEqual([0]);
    expect(batch.rejected).toEqual([
      { index: 1, reason: expect.stringMatching(/verdict/) },
      { index: 2, reason: expect.stringMatching(/timestamp/) },
      { index: 3, reason: expect.stringMatching(/note.*2048 bytes/) },
      { index: 4, reason: expect.stringMatching(/incident_id/) },
      { index: 5, reason: 'a verdict must be a JSON object' },
    ]);
  });

  it('names the line of a broken NDJSON record', () => {
    const batch = parseVerdictBatch(`${JSON.stringify(ok)}\n{"rule_id": \n`)!;
    expect(batch.records).toHaveLength(1);
    expect(batch.rejected).toEqual([{ index: 1, reason: expect.stringMatching(/^line 2: invalid JSON/) }]);
  });

  it('refuses a body in none of the shapes', () => {
    expect(parseVerdictBatch('not json at all')).toBeNull();
    expect(parseVerdictBatch('42')).toBeNull();
    expect(parseVerdictBatch('')).toBeNull();
    expect(parseVerdictBatch({})).toBeNull();
  });
});
