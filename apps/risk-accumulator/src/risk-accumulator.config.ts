/** Configuration of the risk accumulator (environment variables, validated at start). */
import { IsOptional, IsString } from 'class-validator';
import { ServiceConfig } from '@riskline/service-host';

export class RiskAccumulatorConfig extends ServiceConfig {
  override HTTP_PORT = 8082;

  /** Incident policies YAML; the shipped Splunk-like defaults when unset. */
  @IsOptional()
  @IsString()
  RISK_POLICIES?: string;
}
