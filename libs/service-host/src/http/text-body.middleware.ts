/**
 * Reads a request body the JSON parser left alone (NDJSON, text/plain, no content type) as
 * UTF-8 text, up to a limit — for endpoints that take several body shapes and parse them
 * themselves. A body over the limit is 413; JSON bodies arrive already parsed and pass through.
 */
import { HttpException, type NestMiddleware } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';

export function textBodyMiddleware(limitBytes: number): new () => NestMiddleware {
  return class TextBodyMiddleware implements NestMiddleware {
    use(req: IncomingMessage & { body?: unknown }, _res: unknown, next: (error?: unknown) => void): void {
      // The JSON parser consumed it already (or there is none to read).
      if (req.readableEnded) {
        next();
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      let refused = false;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > limitBytes && !refused) {
          refused = true;
          next(
            new HttpException({ statusCode: 413, message: `request body exceeds ${limitBytes} bytes` }, 413),
          );
        }
        if (!refused) chunks.push(chunk);
      });
      req.on('end', () => {
        if (refused) return;
        req.body = Buffer.concat(chunks).toString('utf8');
        next();
      });
      req.on('error', (error) => next(error));
    }
  };
}
