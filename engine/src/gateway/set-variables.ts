import { parseKey, parseVariables } from './documents.js';
import type { UnaryHandler } from './unary.js';

export const setVariables: UnaryHandler = async (engine, request) => {
  const key = await engine.setVariables(
    parseKey(request.elementInstanceKey, 'elementInstanceKey'),
    parseVariables(request.variables as string | undefined),
    request.local === true,
  );
  return { key };
};
