/**
 * soc.attribution.events (keyed by identity id) — what the attribution worker concludes:
 * a primitive's state label changed, or several primitives of one identity look multi-actor.
 */
import { ArrayMinSize, IsIn, IsInt, IsNumber, IsString, IsUUID, Max, Min, ValidateIf } from 'class-validator';
import { IsEventTime } from '../event-time';
import { IsJsonValue } from '../json-value';
import type { MessageSchema } from '../schema';

export const ATTRIBUTION_STATES = ['unknown', 'stable', 'drifting', 'conflicted', 'multi_actor'] as const;
export type AttributionState = (typeof ATTRIBUTION_STATES)[number];

export class StateChanged {
  @IsInt() schema_version!: 1;
  @IsIn(['state_changed']) type!: 'state_changed';
  @IsUUID() identity_id!: string;
  @IsString() primitive!: string;
  @ValidateIf((_, v) => v !== null) @IsIn(ATTRIBUTION_STATES) old_state!: AttributionState | null;
  @IsIn(ATTRIBUTION_STATES) new_state!: AttributionState;
  @IsJsonValue() current_value!: unknown;
  @IsNumber() @Min(0) @Max(1) confidence!: number;
  @IsInt() @Min(0) observation_count!: number;
  @IsEventTime() ts!: string;
}

export class MultiActorSuspected {
  @IsInt() schema_version!: 1;
  @IsIn(['multi_actor_suspected']) type!: 'multi_actor_suspected';
  @IsUUID() identity_id!: string;
  @ArrayMinSize(2) @IsString({ each: true }) primitives!: string[];
  @IsString() evidence_summary!: string;
  @IsNumber() @Min(0) @Max(1) confidence!: number;
  @IsEventTime() ts!: string;
}

export type AttributionEvent = StateChanged | MultiActorSuspected;

export const AttributionEventSchema: MessageSchema<AttributionEvent> = {
  name: 'AttributionEvent',
  versions: [1],
  classFor: (plain) => {
    if (plain['type'] === 'state_changed') return StateChanged;
    if (plain['type'] === 'multi_actor_suspected') return MultiActorSuspected;
    return { unsupported: `type must be one of state_changed, multi_actor_suspected` };
  },
};
