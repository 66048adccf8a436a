/** Configuration of the analyst console (environment variables, validated at start). */
import { IsBoolean, IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { EnvBoolean, EnvInt, ServiceConfig } from '@riskline/service-host';

const SERVICE_URL = /^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/;
const urlRule = (key: string) => Matches(SERVICE_URL, { message: `${key} must be like http://host:port` });

export class ConsoleConfig extends ServiceConfig {
  override HTTP_PORT = 8085;

  /** The services whose APIs the console calls (with RISKLINE_API_TOKEN) for what it shows. */
  @urlRule('TAGGER_URL') TAGGER_URL = 'http://127.0.0.1:8081';
  @urlRule('RISK_URL') RISK_URL = 'http://127.0.0.1:8082';
  @urlRule('DISPOSITIONS_URL') DISPOSITIONS_URL = 'http://127.0.0.1:8083';
  @urlRule('ATTRIBUTION_URL') ATTRIBUTION_URL = 'http://127.0.0.1:8084';

  /** The built front end (`npx nx run console:build-web`); relative paths from the working directory. */
  @IsString()
  CONSOLE_WEB_DIR = 'dist/console-web';

  /** Incident episodes held for the queue (the least recently opened dropped first). */
  @EnvInt()
  @Min(1)
  @Max(1_000_000)
  @IsInt({ message: 'CONSOLE_MAX_INCIDENTS must be an integer' })
  CONSOLE_MAX_INCIDENTS = 10_000;

  /** Detections held for entity pages and the ATT&CK heat map. */
  @EnvInt()
  @Min(1)
  @Max(5_000_000)
  @IsInt({ message: 'CONSOLE_MAX_DETECTIONS must be an integer' })
  CONSOLE_MAX_DETECTIONS = 50_000;

  /** Mark the session cookie Secure: set when the console is served over TLS (an ingress). */
  @EnvBoolean()
  @IsBoolean({ message: 'CONSOLE_SECURE_COOKIE must be true or false' })
  CONSOLE_SECURE_COOKIE = false;
}
