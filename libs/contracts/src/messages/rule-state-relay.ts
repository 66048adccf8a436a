/**
 * A control record on soc.dispositions.by-rule: a soc.rule-state record relayed, keyed by the
 * same rule id, so the per-rule store learns of an operator's hand-set state — and of its
 * lifting — in order with the rule's verdicts, inside its partition loop. What the store then
 * decides (withholding auto-clip, resuming it) is replayed from the log like any verdict.
 * `state` is null for a tombstone (the rule back to its default). `relayed_at` is the event
 * time of the relayed record (its set_at, or its Kafka timestamp for a tombstone).
 */
import { Type } from 'class-transformer';
import { Equals, IsInt, IsString, Length, ValidateIf, ValidateNested } from 'class-validator';
import { IsEventTime } from '../event-time';
import { MAX_RULE_ID_LENGTH } from '../rule-id';
import { singleClassSchema } from '../schema';
import { RuleState } from './rule-state';

export class RuleStateRelay {
  @IsInt()
  schema_version!: 1;

  @Equals('rule_state')
  control!: 'rule_state';

  @IsString()
  @Length(1, MAX_RULE_ID_LENGTH)
  rule_id!: string;

  @ValidateIf((r: RuleStateRelay) => r.state !== null)
  @ValidateNested()
  @Type(() => RuleState)
  state!: RuleState | null;

  @IsEventTime()
  relayed_at!: string;
}

export const RuleStateRelaySchema = singleClassSchema('RuleStateRelay', 1, RuleStateRelay);
