/**
 * zod at the API's edge: a body, query or path that does not fit its schema is a 400 with one
 * detail per field, in the error model of errors/api-error.ts.
 */
import type { z } from 'zod';

import { ApiError } from '../errors/api-error.js';

export class ValidationError extends ApiError {
  constructor(where: string, error: z.ZodError) {
    super(
      400,
      'validation_failed',
      `The ${where} is not valid.`,
      error.issues.map((issue) => ({
        ...(issue.path.length > 0 ? { field: issue.path.join('.') } : {}),
        message: issue.message,
      })),
    );
  }
}

export function parseOr400<T>(
  schema: z.ZodType<T>,
  value: unknown,
  where: 'body' | 'query' | 'path',
): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ValidationError(`request ${where}`, parsed.error);
  return parsed.data;
}
