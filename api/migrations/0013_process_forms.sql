-- Camunda Forms (form-js JSON) deployed by process designers through POST /api/processes/deployments.
-- The shipped forms are files in processes/forms, found by a user task's form key `ektp:<id>`; a
-- deployed version of the same id is newer than the file. Versions are added, never changed; an
-- unchanged form deployed again adds no version (as Zeebe does for resources).
create table app.process_forms (
  form_id text not null check (form_id ~ '^[a-z0-9-]{1,100}$'),
  version integer not null check (version > 0),
  content jsonb not null,
  -- sha-256 of the text as deployed.
  checksum text not null,
  resource_name text not null,
  deployed_by text not null,
  deployed_at timestamptz not null,
  primary key (form_id, version)
);
