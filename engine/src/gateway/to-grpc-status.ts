/** The one place where engine errors become gRPC statuses. */
import { type ServiceError, status } from '@grpc/grpc-js';

import type { Logger } from '../../../platform/src/log/logger.js';
import { EngineError } from '../errors.js';

const codes: Record<EngineError['code'], status> = {
  NOT_FOUND: status.NOT_FOUND,
  FAILED_PRECONDITION: status.FAILED_PRECONDITION,
  INVALID_ARGUMENT: status.INVALID_ARGUMENT,
  ALREADY_EXISTS: status.ALREADY_EXISTS,
  RESOURCE_EXHAUSTED: status.RESOURCE_EXHAUSTED,
  DEADLINE_EXCEEDED: status.DEADLINE_EXCEEDED,
  UNIMPLEMENTED: status.UNIMPLEMENTED,
};

export function toGrpcStatus(error: unknown, rpc: string, log: Logger): Partial<ServiceError> {
  if (error instanceof EngineError) {
    return { code: codes[error.code], details: error.message, message: error.message };
  }
  log.error('RPC failed unexpectedly', { rpc, error });
  const message = `Unexpected error in the embedded engine while handling ${rpc}: ${(error as Error)?.message ?? String(error)}`;
  return { code: status.INTERNAL, details: message, message };
}
