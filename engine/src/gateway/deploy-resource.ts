import { checkTenants } from './documents.js';
import type { UnaryHandler } from './unary.js';

export const deployResource: UnaryHandler = async (engine, request) => {
  checkTenants(request.tenantId);
  const resources =
    (request.resources as Array<{ name: string; content: Buffer }> | undefined) ?? [];
  const deployment = await engine.deploy(
    resources.map((r) => ({ name: r.name, content: Buffer.from(r.content).toString('utf8') })),
  );
  return {
    key: deployment.key,
    tenantId: '<default>',
    deployments: deployment.processes.map((p) => ({
      process: { ...p, tenantId: '<default>' },
    })),
  };
};
