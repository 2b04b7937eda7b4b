import { parseKey, parseVariables, toText } from './documents.js';
import type { UnaryHandler } from './unary.js';

export const throwError: UnaryHandler = async (engine, request) => {
  await engine.throwError({
    jobKey: parseKey(request.jobKey, 'jobKey'),
    errorCode: toText(request.errorCode),
    errorMessage: toText(request.errorMessage),
    variables: parseVariables(request.variables as string | undefined),
  });
  return {};
};
