/** Liveness (the process serves HTTP) and readiness (Kafka and Redis both answer). */
import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { DependencyMonitor, type DependencyStatus } from './dependency-monitor';

interface Readiness {
  readonly status: 'ready' | 'not_ready';
  readonly dependencies: Record<string, DependencyStatus>;
}

@Controller()
export class HealthController {
  constructor(@Inject(DependencyMonitor) private readonly monitor: DependencyMonitor) {}

  @Get('healthz')
  healthz(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** 200 when every dependency answers, else 503 with the same body shape naming what failed. */
  @Get('readyz')
  readyz(): Readiness {
    const dependencies = this.monitor.snapshot();
    if (Object.values(dependencies).every((d) => d.ok)) return { status: 'ready', dependencies };
    throw new ServiceUnavailableException({ status: 'not_ready', dependencies } satisfies Readiness);
  }
}
