/** Every deployed process definition's metadata (a few hundred rows at most), oldest first. */
import type pg from 'pg';

export interface ProcessDefinitionRow {
  processDefinitionKey: string;
  processDefinitionId: string;
  version: number;
  resourceName: string;
  deployedAt: Date;
}

export async function listProcessDefinitions(pool: pg.Pool): Promise<ProcessDefinitionRow[]> {
  const { rows } = await pool.query<ProcessDefinitionRow>(
    `select key::text as "processDefinitionKey", bpmn_process_id as "processDefinitionId", version,
            resource_name as "resourceName", deployed_at as "deployedAt"
       from engine.process_definitions
      order by key`,
  );
  return rows;
}
