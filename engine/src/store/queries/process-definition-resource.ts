/** The deployed XML of one process definition, as it was deployed. */
import type pg from 'pg';

export async function processDefinitionResource(
  pool: pg.Pool,
  processDefinitionKey: string,
): Promise<string | undefined> {
  const { rows } = await pool.query<{ resource: string }>(
    'select resource from engine.process_definitions where key = $1::bigint',
    [processDefinitionKey],
  );
  return rows[0]?.resource;
}
