/**
 * The console's calls to the four services' /api routes, with the API token. What a service
 * answers with 4xx (a 400 with field paths, a 404) reaches the browser as the service said it;
 * a service that cannot be reached, times out or refuses the console's own token is a 502
 * naming the service — a problem of the deployment, never a 500.
 */
import { HttpException, Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@riskline/service-host';
import type { ConsoleConfig } from './console.config';

export type ServiceName = 'tagger' | 'risk-accumulator' | 'disposition-ingestor' | 'attribution-worker';

const TIMEOUT_MS = 10_000;

function badGateway(service: string, message: string): HttpException {
  return new HttpException({ statusCode: 502, error: 'Bad Gateway', message: `${service}: ${message}` }, 502);
}

@Injectable()
export class ServiceApis {
  private readonly base: Record<ServiceName, string>;
  private readonly token: string;

  constructor(@Inject(SERVICE_CONFIG) config: ConsoleConfig) {
    this.base = {
      tagger: config.TAGGER_URL.replace(/\/$/, ''),
      'risk-accumulator': config.RISK_URL.replace(/\/$/, ''),
      'disposition-ingestor': config.DISPOSITIONS_URL.replace(/\/$/, ''),
      'attribution-worker': config.ATTRIBUTION_URL.replace(/\/$/, ''),
    };
    this.token = config.RISKLINE_API_TOKEN;
  }

  async call<T>(service: ServiceName, method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.base[service]}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw badGateway(service, `unreachable at ${this.base[service]} (${cause})`);
    }
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // Not JSON: kept as text for the error below.
    }
    if (response.ok) return parsed as T;
    if (response.status === 401) throw badGateway(service, "refuses the console's RISKLINE_API_TOKEN");
    if (response.status >= 500) throw badGateway(service, `answered ${response.status}`);
    throw new HttpException(
      typeof parsed === 'object' && parsed !== null
        ? (parsed as Record<string, unknown>)
        : { statusCode: response.status, message: String(parsed) },
      response.status,
    );
  }

  get<T>(service: ServiceName, path: string): Promise<T> {
    return this.call<T>(service, 'GET', path);
  }

  /** A GET whose 404 means "nothing there" rather than an error. */
  async find<T>(service: ServiceName, path: string): Promise<T | null> {
    try {
      return await this.get<T>(service, path);
    } catch (error) {
      if (error instanceof HttpException && error.getStatus() === 404) return null;
      throw error;
    }
  }
}
