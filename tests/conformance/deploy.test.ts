import { readFile } from 'node:fs/promises';

import { status } from '@grpc/grpc-js';

import {
  deployProcess,
  fixture,
  rejectionOf,
  startInstance,
  uniqueCase,
  useEngine,
} from './support.js';

const engine = useEngine();

describe('DeployResource', () => {
  it('should deploy one BPMN resource and describe the process it holds', async () => {
    // when
    const response = await engine.client.deployResource({
      processFilename: fixture('deploy-single.bpmn'),
    });

    // then
    expect(response.key).toMatch(/^\d+$/);
    expect(response.deployments).toHaveLength(1);
    const deployed = response.deployments[0]?.process;
    expect(deployed).toMatchObject({
      bpmnProcessId: 'deploy-single',
      resourceName: fixture('deploy-single.bpmn'),
    });
    expect(deployed?.version).toBeGreaterThanOrEqual(1);
    expect(deployed?.processDefinitionKey).toMatch(/^\d+$/);
    const created = await startInstance(engine.client, 'deploy-single');
    expect(created.processDefinitionKey).toBe(deployed?.processDefinitionKey);
  });

  it('should deploy several BPMN resources in one call', async () => {
    // when
    const response = await engine.client.deployResources([
      { processFilename: fixture('deploy-pair-a.bpmn') },
      { processFilename: fixture('deploy-pair-b.bpmn') },
    ]);

    // then
    const processes = response.deployments.map(
      (deployment) => (deployment as { process?: { bpmnProcessId: string } }).process,
    );
    expect(processes.map((process) => process?.bpmnProcessId).sort()).toEqual([
      'deploy-pair-a',
      'deploy-pair-b',
    ]);
    const [a, b] = await Promise.all([
      startInstance(engine.client, 'deploy-pair-a'),
      startInstance(engine.client, 'deploy-pair-b'),
    ]);
    expect(a.bpmnProcessId).toBe('deploy-pair-a');
    expect(b.bpmnProcessId).toBe('deploy-pair-b');
  });

  it('should answer a redeployment of identical content with the same version and key', async () => {
    // given
    const first = await deployProcess(engine.client, 'deploy-identical.bpmn');

    // when
    const second = await deployProcess(engine.client, 'deploy-identical.bpmn');

    // then no new version was created
    expect(second.version).toBe(first.version);
    expect(second.processDefinitionKey).toBe(first.processDefinitionKey);
    const created = await startInstance(engine.client, 'deploy-identical');
    expect(created.version).toBe(first.version);
  });

  it('should create the next version when the content changed', async () => {
    // given
    const name = 'deploy-versioned.bpmn';
    const original = await readFile(fixture(name));
    const first = await deployProcess(engine.client, name, original);

    // when the same resource comes back with another process name
    const changed = original
      .toString('utf8')
      .replace('Deploy: changed between deployments', `Deploy: ${uniqueCase('changed')}`);
    const second = await deployProcess(engine.client, name, Buffer.from(changed));

    // then
    expect(second.version).toBe(first.version + 1);
    expect(second.processDefinitionKey).not.toBe(first.processDefinitionKey);
    const created = await startInstance(engine.client, 'deploy-versioned');
    expect(created.version).toBe(second.version);
  });

  it('should reject a deployment without resources with INVALID_ARGUMENT', async () => {
    // when
    const call = engine.client.deployResources([]);

    // then
    await expect(call).rejects.toMatchObject({ code: status.INVALID_ARGUMENT });
  });

  it('should reject malformed XML with INVALID_ARGUMENT and store nothing', async () => {
    // when
    const call = engine.client.deployResource({
      processFilename: fixture('deploy-malformed.bpmn'),
    });

    // then
    await expect(call).rejects.toMatchObject({ code: status.INVALID_ARGUMENT });
    await expect(startInstance(engine.client, 'deploy-malformed')).rejects.toMatchObject({
      code: status.NOT_FOUND,
    });
  });

  it('should reject a service task without zeebe:taskDefinition, naming the task', async () => {
    // when
    const rejection = await rejectionOf(
      engine.client.deployResource({
        processFilename: fixture('deploy-missing-task-definition.bpmn'),
      }),
    );

    // then
    expect(rejection.code).toBe(status.INVALID_ARGUMENT);
    expect(rejection.message).toContain('task-without-definition');
    await expect(
      startInstance(engine.client, 'deploy-missing-task-definition'),
    ).rejects.toMatchObject({ code: status.NOT_FOUND });
  });

  it('should reject a condition that is not valid FEEL, naming its sequence flow', async () => {
    // when
    const rejection = await rejectionOf(
      engine.client.deployResource({ processFilename: fixture('deploy-invalid-condition.bpmn') }),
    );

    // then
    expect(rejection.code).toBe(status.INVALID_ARGUMENT);
    expect(rejection.message).toContain('flow-broken-condition');
    await expect(startInstance(engine.client, 'deploy-invalid-condition')).rejects.toMatchObject({
      code: status.NOT_FOUND,
    });
  });

  it('should deploy nothing of a call in which one resource is invalid', async () => {
    // when a valid process is deployed together with an invalid one
    const call = engine.client.deployResources([
      { processFilename: fixture('deploy-never-stored.bpmn') },
      { processFilename: fixture('deploy-missing-task-definition.bpmn') },
    ]);

    // then
    await expect(call).rejects.toMatchObject({ code: status.INVALID_ARGUMENT });
    await expect(startInstance(engine.client, 'deploy-never-stored')).rejects.toMatchObject({
      code: status.NOT_FOUND,
    });
  });
});
