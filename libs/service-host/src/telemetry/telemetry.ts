/**
 * OpenTelemetry for a service, configured the standard way — by OTEL_* environment variables
 * (OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_TRACES_EXPORTER, …). Started only when an exporter is
 * configured, so a service without a collector pays nothing; shut down (flushing spans) with the
 * application.
 */
import { NodeSDK } from '@opentelemetry/sdk-node';

export interface Telemetry {
  shutdown(): Promise<void>;
}

export function startTelemetry(service: string, env: NodeJS.ProcessEnv = process.env): Telemetry | null {
  const configured =
    env['OTEL_EXPORTER_OTLP_ENDPOINT'] ||
    env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'] ||
    (env['OTEL_TRACES_EXPORTER'] && env['OTEL_TRACES_EXPORTER'] !== 'none');
  if (!configured) return null;
  const sdk = new NodeSDK({ serviceName: env['OTEL_SERVICE_NAME'] ?? `riskline-${service}` });
  sdk.start();
  return sdk;
}
