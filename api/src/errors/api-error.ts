/**
 * The API's one error model. Every failure leaves the API as
 * `{ error, message, details[], requestId }` with the HTTP status of its class.
 */
export interface ErrorDetail {
  /** The field the detail is about, as a dotted path (`resident.nik`); absent for the whole request. */
  field?: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    /** A stable, machine-readable name such as `not_found` or `validation_failed`. */
    readonly error: string,
    message: string,
    readonly details: readonly ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export class NotFoundError extends ApiError {
  constructor(message: string) {
    super(404, 'not_found', message);
  }
}
