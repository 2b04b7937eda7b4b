import type { CreatedInstance, Engine } from '../engine.js';
import { InvalidArgumentError } from '../errors.js';
import { checkTenants, parseVariables, toNumber, toText } from './documents.js';
import type { UnaryHandler } from './unary.js';

export function instanceRequest(request: Record<string, unknown>): {
  processDefinitionKey?: string;
  bpmnProcessId?: string;
  version?: number;
  variables: Record<string, unknown>;
} {
  checkTenants(request.tenantId);
  if (Array.isArray(request.startInstructions) && request.startInstructions.length > 0) {
    throw new InvalidArgumentError(
      'Start instructions are not supported by the embedded engine yet',
    );
  }
  const version = toNumber(request.version);
  return {
    processDefinitionKey: toText(request.processDefinitionKey) || undefined,
    bpmnProcessId: toText(request.bpmnProcessId) || undefined,
    // The SDK sends -1 for "latest"; 0 is no version either.
    version: version > 0 ? version : -1,
    variables: parseVariables(request.variables as string | undefined),
  };
}

export function createdInstanceMessage(created: CreatedInstance): Record<string, unknown> {
  return { ...created, tenantId: '<default>' };
}

export const createProcessInstance: UnaryHandler = async (engine: Engine, request) =>
  createdInstanceMessage(await engine.createInstance(instanceRequest(request)));
