/** Configuration of the tagger (environment variables, validated at start). */
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { EVENT_SHAPES, type EventShapeSetting } from '@riskline/detection';
import { EnvInt, EnvList, ServiceConfig } from '@riskline/service-host';

export class TaggerConfig extends ServiceConfig {
  override HTTP_PORT = 8081;

  /** Comma-separated rule directories or files (Sigma and native YAML), watched for changes. */
  @EnvList()
  @IsString({ each: true })
  RULES_DIRS: string[] = ['rules'];

  /** Comma-separated log source mapping files (Riskline or SigmaHQ THOR format); default built in. */
  @IsOptional()
  @EnvList()
  @IsString({ each: true })
  LOGSOURCE_MAPPINGS?: string[];

  /** Risk configuration YAML (entities and scores); the shipped defaults when unset. */
  @IsOptional()
  @IsString()
  RISK_CONFIG?: string;

  /**
   * Values of Sigma placeholders for the `expand` modifier: `admins=alice,bob;servers=dc1,dc2`.
   * A rule using a placeholder given none is a load error of that rule.
   */
  @IsOptional()
  @IsString()
  SIGMA_PLACEHOLDERS?: string;

  /** How often rule files are checked for changes (ms). */
  @EnvInt()
  @Min(50)
  @Max(60_000)
  @IsInt({ message: 'RULES_POLL_MS must be an integer' })
  RULES_POLL_MS = 300;

  /** Events larger than this go to the DLQ unread. */
  @EnvInt()
  @Min(1024)
  @Max(8 * 1024 * 1024)
  @IsInt({ message: 'MAX_EVENT_BYTES must be an integer' })
  MAX_EVENT_BYTES = 1024 * 1024;

  /**
   * The shape events arrive in: `auto` tells flat JSON, evtx_dump, Winlogbeat / ECS and Splunk
   * HEC envelopes apart per event; a fixed shape sends every other event to the DLQ.
   */
  @IsIn(EVENT_SHAPES, { message: `EVENT_SHAPE must be one of ${EVENT_SHAPES.join(', ')}` })
  EVENT_SHAPE: EventShapeSetting = 'auto';

  /** The event field naming its source kind, for native rules. */
  @IsString()
  @Matches(/^[A-Za-z0-9_.@-]+$/, { message: 'SOURCE_KIND_FIELD must be a field name or dotted path' })
  SOURCE_KIND_FIELD = 'source_kind';
}
