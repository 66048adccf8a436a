/**
 * Bearer-token authentication for the services' /api routes: 401 without a token or with a
 * wrong one (compared in constant time). The token comes from RISKLINE_API_TOKEN.
 */
import { timingSafeEqual } from 'node:crypto';
import {
  Inject,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import type { ServiceConfig } from '../config/service-config';
import { SERVICE_CONFIG } from '../tokens';

/** Whether `given` is the expected token, compared in constant time. */
export function tokenMatches(expected: Buffer, given: string | undefined): boolean {
  const candidate = Buffer.from(given ?? '');
  return candidate.length === expected.length && timingSafeEqual(candidate, expected);
}

/** The token of an `Authorization: Bearer …` header, if it has one. */
export function bearerTokenOf(header: string | undefined): string | undefined {
  return header?.match(/^Bearer\s+(.+)$/i)?.[1];
}

export const UNAUTHORIZED = {
  statusCode: 401,
  error: 'Unauthorized',
  message: 'a valid bearer token is required',
} as const;

@Injectable()
export class BearerTokenGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(@Inject(SERVICE_CONFIG) config: ServiceConfig) {
    this.expected = Buffer.from(config.RISKLINE_API_TOKEN);
  }

  /** Where a request's token is read from: the bearer header (a subclass may add a cookie). */
  protected tokenOf(headers: Record<string, string | undefined>): string | undefined {
    return bearerTokenOf(headers['authorization']);
  }

  canActivate(context: ExecutionContext): boolean {
    const { headers } = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>();
    if (!tokenMatches(this.expected, this.tokenOf(headers))) throw new UnauthorizedException(UNAUTHORIZED);
    return true;
  }
}
