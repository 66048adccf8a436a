/**
 * GET /metrics — Prometheus scrape endpoint (text format 0.0.4). Unauthenticated, like /healthz:
 * scrapers run inside the cluster and the series carry no event content.
 */
import { Controller, Get, Header, Inject } from '@nestjs/common';
import { MetricRegistry } from './metric-registry';

@Controller()
export class MetricsController {
  constructor(@Inject(MetricRegistry) private readonly registry: MetricRegistry) {}

  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  metrics(): Promise<string> {
    return this.registry.render();
  }
}
