import { createdInstanceMessage, instanceRequest } from './create-process-instance.js';
import { toNumber } from './documents.js';
import type { UnaryHandler } from './unary.js';

// Zeebe's gateway answers a request without its own timeout after its generic request timeout.
const defaultRequestTimeoutMs = 15_000;

export const createProcessInstanceWithResult: UnaryHandler = async (engine, request) => {
  const timeout = toNumber(request.requestTimeout);
  const fetch = (request.fetchVariables as string[] | undefined) ?? [];
  const { instance, variables } = await engine.createInstanceAwaitingResult(
    instanceRequest((request.request as Record<string, unknown> | undefined) ?? {}),
    timeout > 0 ? timeout : defaultRequestTimeoutMs,
  );
  const chosen =
    fetch.length === 0
      ? variables
      : Object.fromEntries(fetch.filter((n) => n in variables).map((n) => [n, variables[n]]));
  return { ...createdInstanceMessage(instance), variables: JSON.stringify(chosen) };
};
