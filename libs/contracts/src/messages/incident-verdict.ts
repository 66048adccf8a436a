/**
 * A control record on soc.risk.contributions: an analyst's verdict on a risk incident, written by
 * the disposition ingestor keyed by the incident's entity, so the accumulator that owns the
 * entity learns of it in its own partition loop, in order with the entity's contributions —
 * and replays it from the log like any contribution. `incident_time` is the judged incident's
 * `window_end`, a time of the entity's own, so a verdict (made on the analyst's clock, maybe
 * days later) never moves the partition's time on.
 */
import { Equals, IsIn, IsInt, IsString, IsUUID, Length, Matches } from 'class-validator';
import { ENTITY_TYPE_PATTERN, MAX_ENTITY_VALUE_LENGTH } from '../entity-key';
import { IsEventTime } from '../event-time';
import { singleClassSchema } from '../schema';
import { VERDICTS, type Verdict } from './disposition';

export class IncidentVerdict {
  @IsInt()
  schema_version!: 1;

  @Equals('incident_verdict')
  control!: 'incident_verdict';

  @IsUUID()
  risk_incident_id!: string;

  @IsString()
  @Length(1, 128)
  policy!: string;

  @Matches(ENTITY_TYPE_PATTERN)
  entity_type!: string;

  @IsString()
  @Length(1, MAX_ENTITY_VALUE_LENGTH)
  entity_value!: string;

  @IsIn(VERDICTS)
  verdict!: Verdict;

  @IsEventTime()
  incident_time!: string;

  @IsString()
  @Length(1, 256)
  analyst!: string;
}

export const IncidentVerdictSchema = singleClassSchema('IncidentVerdict', 1, IncidentVerdict);
