/**
 * Writes ended element instances into `engine.element_instances`, the history the monitoring REST
 * API reads (an instance's path, time spent per element). One statement per batch.
 */
import type pg from 'pg';

import type { EndedElement } from '../runtime/effects.js';
import { iso } from './rows.js';

export async function insertEndedElements(
  client: pg.PoolClient,
  ended: readonly EndedElement[],
): Promise<void> {
  if (ended.length === 0) return;
  await client.query(
    `insert into engine.element_instances
       (key, process_instance_key, process_definition_key, bpmn_process_id, element_id, flow_scope_key,
        type, state, started_at, ended_at)
     select * from unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::bigint[],
                          $7::text[], $8::text[], $9::timestamptz[], $10::timestamptz[])`,
    [
      ended.map((e) => e.key),
      ended.map((e) => e.processInstanceKey),
      ended.map((e) => e.processDefinitionKey),
      ended.map((e) => e.bpmnProcessId),
      ended.map((e) => e.elementId),
      ended.map((e) => e.flowScopeKey),
      ended.map((e) => e.type),
      ended.map((e) => e.state),
      ended.map((e) => iso(e.startedAt)),
      ended.map((e) => iso(e.endedAt)),
    ],
  );
}
