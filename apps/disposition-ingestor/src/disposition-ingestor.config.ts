/** Configuration of the disposition-ingestor service (environment variables, validated at start). */
import { ServiceConfig } from '@riskline/service-host';

export class DispositionIngestorConfig extends ServiceConfig {
  override HTTP_PORT = 8083;
}
