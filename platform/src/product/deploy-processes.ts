/**
 * Deploys the BPMN files of processes/ through the gateway, in one deployment. Deploying the same
 * content again creates no new version (on Zeebe and on the embedded engine alike), so the product
 * does this at every start-up; designers' later versions deployed through the API stay the latest.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';

import type { Zeebe } from '@camunda8/sdk';

import { projectRoot } from '../project-root.js';

export const processesDirectory = path.join(projectRoot, 'processes');

export async function processFiles(): Promise<string[]> {
  return (await readdir(processesDirectory))
    .filter((name) => name.endsWith('.bpmn'))
    .sort()
    .map((name) => path.join(processesDirectory, name));
}

/** Returns the deployed process ids with their versions. */
export async function deployProcesses(
  client: Zeebe.ZeebeGrpcClient,
): Promise<Array<{ bpmnProcessId: string; version: number }>> {
  const files = await processFiles();
  const response = await client.deployResources(files.map((file) => ({ processFilename: file })));
  return response.deployments.flatMap((deployment) => {
    const process = (deployment as { process?: { bpmnProcessId: string; version: number } })
      .process;
    return process ? [{ bpmnProcessId: process.bpmnProcessId, version: process.version }] : [];
  });
}
