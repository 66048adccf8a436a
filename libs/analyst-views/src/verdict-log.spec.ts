import type { Disposition } from '@riskline/contracts';
import { VerdictLog } from './verdict-log';

const d = (over: Partial<Disposition>): Disposition => ({
  schema_version: 1,
  verdict: 'true_positive',
  scope: 'incident',
  incident_id: 'i1',
  timestamp: '2026-02-01T10:00:00Z',
  analyst: 'tier1',
  ...over,
});

describe('VerdictLog', () => {
  it('keeps the latest verdict by verdict time, not by arrival', () => {
    const log = new VerdictLog(10);
    log.record(d({ verdict: 'false_positive', timestamp: '2026-02-01T11:00:00Z', note: 'admin' }));
    log.record(d({ verdict: 'true_positive', timestamp: '2026-02-01T10:30:00Z' }));
    expect(log.ofIncident('i1')).toEqual({
      verdict: 'false_positive',
      analyst: 'tier1',
      timestamp: '2026-02-01T11:00:00Z',
      note: 'admin',
    });
    log.record(d({ verdict: 'benign_true_positive', timestamp: '2026-02-01T12:00:00Z' }));
    expect(log.ofIncident('i1')?.verdict).toBe('benign_true_positive');
  });

  it('keeps incidents and detections apart, and bounds each', () => {
    const log = new VerdictLog(2);
    log.record(d({ scope: 'detection', incident_id: undefined, rule_id: 'r', fingerprint: 'i1' }));
    expect(log.ofIncident('i1')).toBeNull();
    expect(log.ofDetection('i1')?.verdict).toBe('true_positive');
    for (const id of ['a', 'b', 'c']) log.record(d({ incident_id: id }));
    expect(log.ofIncident('a')).toBeNull();
    expect(log.ofIncident('c')).not.toBeNull();
  });

  it('ignores a verdict that names no subject', () => {
    const log = new VerdictLog(2);
    log.record(d({ incident_id: undefined }));
    expect(log.ofIncident('i1')).toBeNull();
  });
});
