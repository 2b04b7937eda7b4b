import { parseKey, toNumber } from './documents.js';
import type { UnaryHandler } from './unary.js';

export const updateJobRetries: UnaryHandler = async (engine, request) => {
  await engine.updateJobRetries(parseKey(request.jobKey, 'jobKey'), toNumber(request.retries));
  return {};
};
