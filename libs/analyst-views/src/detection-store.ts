/**
 * Recent detections as the console shows them: by id (soc.detections, with the event fields
 * that matched) and by the canonical entity they contributed risk to (soc.risk.contributions
 * name the detection behind each contribution, under the entity key the accumulator uses — a
 * detection's own entity values are as the log spelled them).
 * Invariant: at most `capacity` detections and, per entity, at most `perEntity` detection ids,
 * oldest dropped first; a detection id seen again replaces nothing (ids are deterministic, so a
 * replayed record is the same detection). Pure.
 */
import { entityKey, FifoMap, type Detection, type RiskContribution } from '@riskline/contracts';

export class DetectionStore {
  private readonly byId = new FifoMap<string, Detection>();
  private readonly byEntity = new FifoMap<string, string[]>();
  evicted = 0;

  constructor(
    private readonly capacity: number,
    private readonly perEntity: number,
    private readonly entityCapacity: number = capacity,
  ) {}

  get size(): number {
    return this.byId.size;
  }

  recordDetection(detection: Detection): void {
    if (this.byId.has(detection.detection_id)) return;
    this.byId.set(detection.detection_id, detection);
    while (this.byId.size > this.capacity) {
      this.byId.dropOldest();
      this.evicted++;
    }
  }

  recordContribution(contribution: RiskContribution): void {
    const key = entityKey(contribution.entity_type, contribution.entity_value);
    const ids = this.byEntity.get(key) ?? [];
    if (ids.includes(contribution.detection_id)) return;
    ids.push(contribution.detection_id);
    if (ids.length > this.perEntity) ids.splice(0, ids.length - this.perEntity);
    this.byEntity.renew(key, ids);
    while (this.byEntity.size > this.entityCapacity) this.byEntity.dropOldest();
  }

  get(id: string): Detection | undefined {
    return this.byId.get(id);
  }

  /** The entity's detections still held, newest event first. */
  ofEntity(entityType: string, entityValue: string): Detection[] {
    const ids = this.byEntity.get(entityKey(entityType, entityValue)) ?? [];
    return ids
      .map((id) => this.byId.get(id))
      .filter((d): d is Detection => d !== undefined)
      .sort((a, b) => Date.parse(b.event_time) - Date.parse(a.event_time));
  }

  /** Every detection held whose event time is in [fromMs, toMs). */
  inRange(fromMs: number, toMs: number): Detection[] {
    const found: Detection[] = [];
    for (const d of this.byId.values()) {
      const at = Date.parse(d.event_time);
      if (at >= fromMs && at < toMs) found.push(d);
    }
    return found;
  }
}
