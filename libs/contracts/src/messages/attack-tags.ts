/** The ATT&CK fields every detection-derived message carries, validated once. */
import { ArrayMaxSize, IsArray, IsIn, Matches } from 'class-validator';
import { ATTACK_TACTICS, TECHNIQUE_ID_PATTERN } from '../attack';

export class AttackTags {
  @IsArray()
  @ArrayMaxSize(14)
  @IsIn(ATTACK_TACTICS, { each: true })
  tactics!: string[];

  @IsArray()
  @ArrayMaxSize(256)
  @Matches(TECHNIQUE_ID_PATTERN, { each: true })
  techniques!: string[];
}
