/**
 * The engine's closed set of rejections. Each maps to one gRPC status in gateway/to-grpc-status.ts,
 * with the meaning the gateway .proto gives it. Anything else thrown is a bug and answers INTERNAL.
 */
export type EngineErrorCode =
  | 'NOT_FOUND'
  | 'FAILED_PRECONDITION'
  | 'INVALID_ARGUMENT'
  | 'ALREADY_EXISTS'
  | 'RESOURCE_EXHAUSTED'
  | 'DEADLINE_EXCEEDED'
  | 'UNIMPLEMENTED';

export abstract class EngineError extends Error {
  abstract readonly code: EngineErrorCode;
}

/** The key names nothing that can take the command: unknown, completed or cancelled. */
export class NotFoundError extends EngineError {
  readonly code = 'NOT_FOUND';
}

/** The target exists but is in a state that refuses the command (e.g. a job that failed). */
export class FailedPreconditionError extends EngineError {
  readonly code = 'FAILED_PRECONDITION';
}

/** The request itself is wrong: a bad field, an invalid BPMN resource, a non-object variables document. */
export class InvalidArgumentError extends EngineError {
  readonly code = 'INVALID_ARGUMENT';
}

export class UnimplementedError extends EngineError {
  readonly code = 'UNIMPLEMENTED';
}

/** CreateProcessInstanceWithResult: the instance did not complete within the request timeout. */
export class DeadlineExceededError extends EngineError {
  readonly code = 'DEADLINE_EXCEEDED';
}

/** PublishMessage: a message with the same id is still buffered. */
export class AlreadyExistsError extends EngineError {
  readonly code = 'ALREADY_EXISTS';
}
