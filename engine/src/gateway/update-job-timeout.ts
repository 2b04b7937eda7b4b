import { InvalidArgumentError } from '../errors.js';
import { parseKey, toNumber } from './documents.js';
import type { UnaryHandler } from './unary.js';

export const updateJobTimeout: UnaryHandler = async (engine, request) => {
  const timeout = toNumber(request.timeout);
  if (timeout < 1)
    throw new InvalidArgumentError(`Expected timeout to be at least 1 ms, but it was ${timeout}`);
  await engine.updateJobTimeout(parseKey(request.jobKey, 'jobKey'), timeout);
  return {};
};
