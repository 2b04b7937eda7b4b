import { UnimplementedError } from '../errors.js';
import type { UnaryHandler } from './unary.js';

/** RPCs the embedded engine does not serve yet say so, naming the RPC, instead of failing oddly. */
export function notYetImplemented(rpc: string): UnaryHandler {
  return () =>
    Promise.reject(new UnimplementedError(`${rpc} is not supported by the embedded engine yet`));
}
