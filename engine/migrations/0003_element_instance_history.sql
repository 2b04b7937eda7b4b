-- Element instances that have ended, for the monitoring REST API (engine/src/rest): an instance's
-- path and the time spent per element. Active element instances stay in their instance's document
-- (with their start time); the engine writes a row here when one completes or is terminated and
-- never reads it back.
create table engine.element_instances (
  key bigint primary key,
  process_instance_key bigint not null references engine.process_instances (key),
  process_definition_key bigint not null,
  bpmn_process_id text not null,
  element_id text not null,
  -- The process instance key at the top level, else the enclosing element instance's key.
  flow_scope_key bigint not null,
  -- As Zeebe names it (SERVICE_TASK, EXCLUSIVE_GATEWAY …), or MULTI_INSTANCE_BODY.
  type text not null,
  state text not null check (state in ('COMPLETED', 'TERMINATED')),
  -- Null for element instances entered before this table existed.
  started_at timestamptz,
  ended_at timestamptz not null
);

create index element_instances_instance_idx on engine.element_instances (process_instance_key, key);
create index element_instances_definition_idx on engine.element_instances (process_definition_key, element_id);
