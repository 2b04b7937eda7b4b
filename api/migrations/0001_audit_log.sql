-- The audit log: who read a full resident record and who changed what (DESIGN.md §3).
-- Append-only by construction: the table refuses UPDATE, DELETE and TRUNCATE for every role,
-- so no endpoint, worker or mistaken script can rewrite history.
create table app.audit_log (
  id bigint generated always as identity primary key,
  occurred_at timestamptz not null,
  -- A user id, or `system:<component>` for workers and the engine.
  actor text not null check (actor <> ''),
  action text not null check (action in ('read', 'create', 'update', 'delete', 'sign_in', 'sign_out', 'deploy', 'export')),
  subject_type text not null check (subject_type <> ''),
  subject_id text not null check (subject_id <> ''),
  request_id text,
  details jsonb not null default '{}'::jsonb
);

create index audit_log_subject_idx on app.audit_log (subject_type, subject_id, occurred_at);
create index audit_log_actor_idx on app.audit_log (actor, occurred_at);

create function app.audit_log_is_append_only() returns trigger
language plpgsql as $$
begin
  raise exception 'app.audit_log is append-only: % is not allowed', tg_op
    using errcode = 'insufficient_privilege';
end;
$$;

create trigger audit_log_no_update_or_delete
  before update or delete on app.audit_log
  for each row execute function app.audit_log_is_append_only();

create trigger audit_log_no_truncate
  before truncate on app.audit_log
  for each statement execute function app.audit_log_is_append_only();
