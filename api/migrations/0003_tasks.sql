-- User tasks as the tasklist sees them (DESIGN.md §6). Job-worker user tasks are jobs of type
-- io.camunda.zeebe:userTask; the user-task worker stores each job here (idempotent on the job
-- key, since a job comes back to the worker after its activation timeout) and completing a task
-- completes its job.
create table app.tasks (
  id bigint generated always as identity primary key,
  job_key bigint not null unique,
  process_instance_key bigint not null,
  bpmn_process_id text not null,
  process_definition_version integer not null,
  element_id text not null,
  element_instance_key bigint not null,
  assignee text,
  candidate_groups text[] not null default '{}',
  candidate_users text[] not null default '{}',
  form_key text,
  due_at timestamptz,
  follow_up_at timestamptz,
  -- The process variables the task was created with: what a form shows first.
  variables jsonb not null default '{}'::jsonb,
  -- The kelurahan whose residents the task concerns, for scoping (from the `kelurahanCode` variable).
  kelurahan_code text references app.regions (code),
  state text not null default 'CREATED' check (state in ('CREATED', 'COMPLETED', 'CANCELED')),
  created_at timestamptz not null,
  -- The job is handed to the worker again after each activation timeout; a task whose job stops
  -- coming back was ended by the process (a boundary event, a cancellation).
  last_seen_at timestamptz not null,
  completed_at timestamptz,
  completed_by text,
  check ((state = 'COMPLETED') = (completed_at is not null))
);

create index tasks_open_idx on app.tasks (due_at) where state = 'CREATED';
create index tasks_assignee_idx on app.tasks (assignee) where state = 'CREATED';
create index tasks_groups_idx on app.tasks using gin (candidate_groups) where state = 'CREATED';
create index tasks_instance_idx on app.tasks (process_instance_key);
