-- The embedded engine's state. Private to engine/: everything else goes through the gateway.
-- Keys are Zeebe-style int64 values: (partition 1 << 51) + a number from engine.keys, so they
-- look like Zeebe's and are never reused (a sequence never goes back).
-- Each nextval reserves a block of 10,000 keys that the engine hands out from memory.
create sequence engine.keys as bigint start with 1 increment by 10000 cache 1;

create table engine.deployments (
  key bigint primary key,
  deployed_at timestamptz not null
);

create table engine.process_definitions (
  key bigint primary key,
  bpmn_process_id text not null,
  version integer not null check (version > 0),
  resource_name text not null,
  -- sha-256 of the process's own resource, so redeploying unchanged content makes no new version.
  checksum text not null,
  resource text not null,
  deployment_key bigint not null references engine.deployments (key),
  deployed_at timestamptz not null,
  unique (bpmn_process_id, version)
);

create table engine.process_instances (
  key bigint primary key,
  process_definition_key bigint not null references engine.process_definitions (key),
  bpmn_process_id text not null,
  version integer not null,
  parent_instance_key bigint references engine.process_instances (key),
  state text not null check (state in ('ACTIVE', 'COMPLETED', 'TERMINATED')),
  -- The runtime's state of the instance (element instances, variables per scope, join tokens);
  -- see engine/src/runtime/instance-state.ts.
  document jsonb not null,
  created_at timestamptz not null,
  ended_at timestamptz,
  check ((state = 'ACTIVE') = (ended_at is null))
);

create index process_instances_active_idx on engine.process_instances (process_definition_key)
  where state = 'ACTIVE';

-- Jobs waiting for a worker or being worked on. A completed or cancelled job is deleted: its key
-- then answers NOT_FOUND, as Zeebe does.
create table engine.jobs (
  key bigint primary key,
  type text not null,
  state text not null check (state in ('ACTIVATABLE', 'ACTIVATED', 'FAILED')),
  process_instance_key bigint not null references engine.process_instances (key),
  element_instance_key bigint not null,
  element_id text not null,
  bpmn_process_id text not null,
  process_definition_version integer not null,
  process_definition_key bigint not null,
  custom_headers jsonb not null,
  retries integer not null,
  worker text,
  -- When an activated job may be activated again (activation + timeout).
  deadline timestamptz,
  -- A failed job with retries left and a back-off is activatable only from this moment.
  retry_at timestamptz,
  error_message text,
  created_at timestamptz not null,
  check ((state = 'ACTIVATED') = (deadline is not null))
);

-- Activation takes the oldest activatable jobs of one type.
create index jobs_activatable_idx on engine.jobs (type, key) where state = 'ACTIVATABLE';
create index jobs_deadline_idx on engine.jobs (deadline) where state = 'ACTIVATED';
create index jobs_retry_at_idx on engine.jobs (retry_at) where state = 'ACTIVATABLE' and retry_at is not null;
create index jobs_instance_idx on engine.jobs (process_instance_key);

create table engine.incidents (
  key bigint primary key,
  process_instance_key bigint not null references engine.process_instances (key),
  element_instance_key bigint not null,
  element_id text not null,
  bpmn_process_id text not null,
  process_definition_key bigint not null,
  job_key bigint,
  error_type text not null,
  error_message text not null,
  state text not null check (state in ('ACTIVE', 'RESOLVED')),
  created_at timestamptz not null,
  resolved_at timestamptz,
  check ((state = 'RESOLVED') = (resolved_at is not null))
);

create index incidents_active_idx on engine.incidents (process_instance_key) where state = 'ACTIVE';
