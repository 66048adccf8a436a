/** Configuration of the risk-accumulator service (environment variables, validated at start). */
import { ServiceConfig } from '@riskline/service-host';

export class RiskAccumulatorConfig extends ServiceConfig {
  override HTTP_PORT = 8082;
}
