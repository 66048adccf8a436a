/** Configuration of the disposition-ingestor service (environment variables, validated at start). */
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { ServiceConfig, EnvInt } from '@riskline/service-host';

export class DispositionIngestorConfig extends ServiceConfig {
  override HTTP_PORT = 8083;

  /** Disposition settings YAML (window, numerator, min sample, auto-clip); defaults when unset. */
  @IsOptional()
  @IsString()
  DISPOSITIONS_CONFIG?: string;

  /** Verdicts arrive in batches: a larger body than the services' default. */
  override MAX_BODY_BYTES = 5 * 1024 * 1024;

  /** How long a POST naming an incident the index lacks waits for the index to catch up. */
  @EnvInt()
  @IsInt()
  @Min(0)
  @Max(60_000)
  INCIDENT_LOOKUP_WAIT_MS = 5000;
}
