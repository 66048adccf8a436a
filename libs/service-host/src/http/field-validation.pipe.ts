/**
 * Request body validation with class-validator: 400 with every offending field path
 * (`expires_at`, `items[2].verdict`), unknown fields refused. Shares the contracts' flattening
 * so HTTP and Kafka rejections read the same.
 */
import { BadRequestException, ValidationPipe } from '@nestjs/common';
import { fieldViolations } from '@riskline/contracts';

export function fieldValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: true,
    exceptionFactory: (errors) => {
      const fields = fieldViolations(errors);
      return new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: 'invalid request body',
        fields,
      });
    },
  });
}
