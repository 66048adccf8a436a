/** Configuration of the tagger service (environment variables, validated at start). */
import { ServiceConfig } from '@riskline/service-host';

export class TaggerConfig extends ServiceConfig {
  override HTTP_PORT = 8081;
}
