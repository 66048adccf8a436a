/**
 * What makes a risk score explainable, carried on contributions and incidents: the threat
 * objects a detection named (hashes, domains, addresses, command lines), the risk factors that
 * weighted it and the entity context it was weighted by — each recorded when the contribution
 * was made, so an incident explains itself with what was true then.
 */
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';

export const THREAT_OBJECT_TYPE_PATTERN = /^[a-z][a-z0-9_]{0,63}$/;
export const CRITICALITIES = ['low', 'medium', 'high', 'critical'] as const;

export class ThreatObject {
  @Matches(THREAT_OBJECT_TYPE_PATTERN)
  type!: string;

  @IsString()
  @Length(1, 2048)
  value!: string;
}

export class AppliedRiskFactor {
  @IsString()
  @Length(1, 128)
  name!: string;

  /** `×1.5`, `+10` or `-5`. */
  @Matches(/^[×+-]\d[0-9.e+-]*$/)
  effect!: string;
}

/** An asset's or identity's context as the contribution's entity had it. */
export class EntityContext {
  @IsOptional()
  @IsIn(CRITICALITIES)
  criticality?: string;

  @IsOptional()
  @IsIn(CRITICALITIES)
  priority?: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(64)
  @IsString({ each: true })
  @Length(1, 128, { each: true })
  categories?: string[];

  @IsOptional()
  @IsBoolean()
  watchlist?: boolean;
}

export const MAX_THREAT_OBJECTS = 100;

/** An optional list of threat objects, as contributions and incidents carry it. */
export function ThreatObjectList(): PropertyDecorator {
  const decorators = [
    IsOptional(),
    IsArray(),
    ArrayMaxSize(MAX_THREAT_OBJECTS),
    ValidateNested({ each: true }),
    Type(() => ThreatObject),
  ];
  return (target, key) => decorators.forEach((d) => d(target, key));
}
