import { parseKey, parseVariables, toNumber, toText } from './documents.js';
import type { UnaryHandler } from './unary.js';

export const failJob: UnaryHandler = async (engine, request) => {
  await engine.failJob({
    jobKey: parseKey(request.jobKey, 'jobKey'),
    retries: toNumber(request.retries),
    errorMessage: toText(request.errorMessage),
    retryBackOffMs: Math.max(0, toNumber(request.retryBackOff)),
    variables: parseVariables(request.variables as string | undefined),
  });
  return {};
};
