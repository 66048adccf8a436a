/** Configuration of the attribution-worker service (environment variables, validated at start). */
import { IsOptional, IsString } from 'class-validator';
import { ServiceConfig } from '@riskline/service-host';

export class AttributionWorkerConfig extends ServiceConfig {
  override HTTP_PORT = 8084;

  /** Attribution settings YAML (merger thresholds, primitive kinds, correlator); defaults when unset. */
  @IsOptional()
  @IsString()
  ATTRIBUTION_CONFIG?: string;
}
