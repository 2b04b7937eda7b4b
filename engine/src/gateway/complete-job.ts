import { parseKey, parseVariables } from './documents.js';
import type { UnaryHandler } from './unary.js';

export const completeJob: UnaryHandler = async (engine, request) => {
  await engine.completeJob(
    parseKey(request.jobKey, 'jobKey'),
    parseVariables(request.variables as string | undefined),
  );
  return {};
};
