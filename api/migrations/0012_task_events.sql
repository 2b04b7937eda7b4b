-- A task's history: who claimed, unclaimed, assigned and completed it, and when (the tasklist
-- shows it; supervision counts reassignments). Append-only like the audit log.
create table app.task_events (
  id bigint generated always as identity primary key,
  task_id bigint not null references app.tasks (id),
  kind text not null check (kind in ('CLAIMED', 'UNCLAIMED', 'ASSIGNED', 'COMPLETED')),
  actor text not null check (btrim(actor) <> ''),
  assignee text,
  at timestamptz not null
);

create index task_events_task_idx on app.task_events (task_id, at);

create trigger task_events_no_update_or_delete
  before update or delete on app.task_events
  for each row execute function app.audit_log_is_append_only();
