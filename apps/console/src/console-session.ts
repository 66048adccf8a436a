/**
 * Analysts log in with the API token; the console keeps it in an httpOnly, SameSite=Strict
 * cookie — never in a URL or in script-readable storage — and every /api route of the console
 * accepts that cookie or the usual bearer header. A wrong token is 401, as on every service.
 */
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Injectable,
  Post,
  Res,
  UnauthorizedException,
  UseGuards,
  UsePipes,
} from '@nestjs/common';
import { parse, serialize } from 'cookie';
import { IsString, Length } from 'class-validator';
import {
  BearerTokenGuard,
  fieldValidationPipe,
  SERVICE_CONFIG,
  tokenMatches,
  UNAUTHORIZED,
} from '@riskline/service-host';
import type { ConsoleConfig } from './console.config';

export const SESSION_COOKIE = 'riskline_session';
const SESSION_SECONDS = 12 * 3600;

interface HttpResponse {
  setHeader(name: string, value: string): void;
}

/** The bearer header, or else the session cookie. */
@Injectable()
export class ConsoleSessionGuard extends BearerTokenGuard {
  protected override tokenOf(headers: Record<string, string | undefined>): string | undefined {
    return (
      super.tokenOf(headers) ?? (headers['cookie'] ? parse(headers['cookie'])[SESSION_COOKIE] : undefined)
    );
  }
}

export class LoginRequest {
  @ApiProperty({ description: 'the API token (RISKLINE_API_TOKEN)' })
  @Length(1, 256)
  @IsString()
  token!: string;
}

@ApiTags('session')
@Controller('api/v1/session')
export class SessionController {
  private readonly expected: Buffer;
  private readonly secure: boolean;

  constructor(@Inject(SERVICE_CONFIG) config: ConsoleConfig) {
    this.expected = Buffer.from(config.RISKLINE_API_TOKEN);
    this.secure = config.CONSOLE_SECURE_COOKIE;
  }

  private cookie(value: string, maxAge: number): string {
    return serialize(SESSION_COOKIE, value, {
      httpOnly: true,
      sameSite: 'strict',
      path: '/',
      maxAge,
      secure: this.secure,
    });
  }

  /** Log in: 204 with the session cookie, 401 for a wrong token. */
  @Post()
  @HttpCode(204)
  @UsePipes(fieldValidationPipe())
  login(@Body() body: LoginRequest, @Res({ passthrough: true }) res: HttpResponse): void {
    if (!tokenMatches(this.expected, body.token)) throw new UnauthorizedException(UNAUTHORIZED);
    res.setHeader('Set-Cookie', this.cookie(body.token, SESSION_SECONDS));
  }

  /** Whether this browser is logged in (200) or not (401). */
  @Get()
  @UseGuards(ConsoleSessionGuard)
  current(): { authenticated: true } {
    return { authenticated: true };
  }

  @Delete()
  @HttpCode(204)
  logout(@Res({ passthrough: true }) res: HttpResponse): void {
    res.setHeader('Set-Cookie', this.cookie('', 0));
  }
}
