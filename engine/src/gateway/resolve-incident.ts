import { parseKey } from './documents.js';
import type { UnaryHandler } from './unary.js';

export const resolveIncident: UnaryHandler = async (engine, request) => {
  await engine.resolveIncident(parseKey(request.incidentKey, 'incidentKey'));
  return {};
};
