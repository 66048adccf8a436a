/**
 * What the analysts judged, as read from soc.dispositions: the latest verdict on each incident
 * and on each detection (by its fingerprint, the detection id the console and the demo post).
 * Invariant: the verdict held for a subject is the one with the latest verdict time — records
 * read out of order never roll a newer judgement back — and at most `capacity` subjects of each
 * scope are held, the least recently judged dropped first. Pure.
 */
import { FifoMap, type Disposition } from '@riskline/contracts';

export interface JudgedVerdict {
  readonly verdict: Disposition['verdict'];
  readonly analyst: string;
  readonly timestamp: string;
  readonly note: string | null;
}

export class VerdictLog {
  private readonly incidents = new FifoMap<string, JudgedVerdict>();
  private readonly detections = new FifoMap<string, JudgedVerdict>();

  constructor(private readonly capacity: number) {}

  record(d: Disposition): void {
    const subject = d.scope === 'incident' ? d.incident_id : d.fingerprint;
    if (!subject) return;
    const table = d.scope === 'incident' ? this.incidents : this.detections;
    const held = table.get(subject);
    if (held && Date.parse(held.timestamp) > Date.parse(d.timestamp)) return;
    table.renew(subject, {
      verdict: d.verdict,
      analyst: d.analyst,
      timestamp: d.timestamp,
      note: d.note ?? null,
    });
    while (table.size > this.capacity) table.dropOldest();
  }

  ofIncident(id: string): JudgedVerdict | null {
    return this.incidents.get(id) ?? null;
  }

  ofDetection(fingerprint: string): JudgedVerdict | null {
    return this.detections.get(fingerprint) ?? null;
  }
}
