import { checkTenants, parseVariables, toNumber, toText } from './documents.js';
import type { UnaryHandler } from './unary.js';

export const publishMessage: UnaryHandler = async (engine, request) => {
  checkTenants(request.tenantId);
  const key = await engine.publishMessage({
    name: toText(request.name),
    correlationKey: toText(request.correlationKey),
    timeToLiveMs: Math.max(0, toNumber(request.timeToLive)),
    messageId: toText(request.messageId),
    variables: parseVariables(request.variables as string | undefined),
  });
  return { key, tenantId: '<default>' };
};
