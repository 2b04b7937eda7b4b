import { status } from '@grpc/grpc-js';

import type { TestEngine } from '../helpers/engine-harness.js';
import { itOnEmbeddedEngine, rejectionOf, UNKNOWN_KEY, useEngine } from './support.js';

const engine = useEngine();

// Not Zeebe behaviour: the embedded engine's own answer to the gateway RPCs it does not serve yet.
// It must say so, naming the RPC, rather than fail in some other way. Zeebe serves them all, so
// against a Zeebe gateway these are reported skipped.
describe('RPCs the embedded engine does not serve yet', () => {
  const calls: [rpc: string, call: (engine: TestEngine) => Promise<unknown>][] = [
    [
      'ModifyProcessInstance',
      ({ client }) =>
        client.modifyProcessInstance({
          processInstanceKey: UNKNOWN_KEY,
          terminateInstructions: [{ elementInstanceKey: UNKNOWN_KEY }],
        }),
    ],
    [
      'MigrateProcessInstance',
      ({ client }) =>
        client.migrateProcessInstance({
          processInstanceKey: UNKNOWN_KEY,
          migrationPlan: { targetProcessDefinitionKey: UNKNOWN_KEY, mappingInstructions: [] },
        }),
    ],
    [
      'EvaluateDecision',
      ({ client }) =>
        client.evaluateDecision({ decisionId: 'unsupported-keputusan', variables: {} }),
    ],
    ['DeleteResource', ({ client }) => client.deleteResource({ resourceKey: UNKNOWN_KEY })],
  ];

  for (const [rpc, call] of calls) {
    itOnEmbeddedEngine(`should answer ${rpc} with UNIMPLEMENTED, naming the RPC`, async () => {
      // given
      expect(engine.embedded).toBe(true);

      // when
      const rejection = await rejectionOf(call(engine));

      // then
      expect(rejection.code).toBe(status.UNIMPLEMENTED);
      expect(rejection.message).toContain(rpc);
    });
  }
});
