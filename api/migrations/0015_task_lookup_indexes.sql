-- Lookups of app.tasks that read the whole table on a large office (bench/api-tasklist.mjs seeds
-- 1,000,000 tasks): the escalation's actions find the late step's task by its element instance
-- (workers/src/handlers/sla/act.ts, api/src/features/supervision/escalation-actions.ts), and a
-- resident's case timeline finds their tasks by the NIK in the task's variables.
create index tasks_element_instance_idx on app.tasks (element_instance_key);
create index tasks_nik_idx on app.tasks ((variables ->> 'nik'));
