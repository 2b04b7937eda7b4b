import { parseKey } from './documents.js';
import type { UnaryHandler } from './unary.js';

export const cancelProcessInstance: UnaryHandler = async (engine, request) => {
  await engine.cancelInstance(parseKey(request.processInstanceKey, 'processInstanceKey'));
  return {};
};
