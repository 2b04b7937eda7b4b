/** The shape of a unary RPC handler: a request message in, a response message out. */
import type { Engine } from '../engine.js';

export type UnaryHandler = (
  engine: Engine,
  request: Record<string, unknown>,
) => Promise<Record<string, unknown>>;
