import { checkTenants, parseVariables, toText } from './documents.js';
import type { UnaryHandler } from './unary.js';

export const broadcastSignal: UnaryHandler = async (engine, request) => {
  checkTenants(request.tenantId);
  const key = await engine.broadcastSignal(
    toText(request.signalName),
    parseVariables(request.variables as string | undefined),
  );
  return { key, tenantId: '<default>' };
};
