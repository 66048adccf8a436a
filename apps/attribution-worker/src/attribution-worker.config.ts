/** Configuration of the attribution-worker service (environment variables, validated at start). */
import { ServiceConfig } from '@riskline/service-host';

export class AttributionWorkerConfig extends ServiceConfig {
  override HTTP_PORT = 8084;
}
