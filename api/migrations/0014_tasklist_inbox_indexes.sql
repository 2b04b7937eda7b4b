-- The tasklist's inbox (GET /api/tasks) on a large app.tasks: bench/api-tasklist.mjs measured a
-- first page at 160–440 ms (p95) with 1,000,000 tasks, 120,000 of them open, because each total
-- fetched every open task of the kecamatan from the table. Only open tasks are listed, so every
-- index here is partial, and each carries the columns that the visibility condition and the
-- filters read: a total is counted from an index alone (an index-only scan) and only the rows of
-- the page are fetched from the table.

-- Open tasks in due-date order: the first page of a caller who sees the whole kecamatan is a walk
-- from the start of this index, and a supervisor's filtered total is counted in it. It replaces
-- tasks_open_idx (due_at), which it covers; with both, the planner counted through
-- tasks_open_idx and fetched every open row from the table (due_at follows the table's order, so
-- that looked cheap to it).
create index tasks_open_due_idx on app.tasks (due_at, id)
  include (kelurahan_code, assignee, candidate_groups, candidate_users, bpmn_process_id, element_id)
  where state = 'CREATED';
drop index app.tasks_open_idx;

-- The same per kelurahan: the page of a kelurahan staff member, RT or Lurah, and a kelurahan
-- filter's total, read only that kelurahan's range.
create index tasks_open_kelurahan_idx on app.tasks (kelurahan_code, due_at, id)
  include (assignee, candidate_groups, candidate_users, bpmn_process_id, element_id)
  where state = 'CREATED';

-- The totals of everyone else count the tasks of their roles as disjoint parts (tasks-endpoints.ts):
-- those whose first candidate group is one of the caller's roles — a range of this index — ...
create index tasks_open_first_group_idx on app.tasks ((candidate_groups[1]), kelurahan_code, due_at)
  include (candidate_groups, assignee, bpmn_process_id, element_id)
  where state = 'CREATED';

-- ... those offered to several groups (a few percent) that match on a later one ...
create index tasks_open_shared_idx on app.tasks (kelurahan_code, due_at)
  include (candidate_groups, assignee, bpmn_process_id, element_id)
  where state = 'CREATED' and cardinality(candidate_groups) > 1;

-- ... those that are the caller's only as assignee — a range of this one, which also serves
-- `?mine=true`; without it the planner preferred to filter all 120,000 entries of a covering
-- index above to find the 1,500 of one operator ...
create index tasks_open_assignee_idx on app.tasks (assignee, kelurahan_code, due_at)
  include (candidate_groups, bpmn_process_id, element_id)
  where state = 'CREATED';

-- ... and those that are the caller's only as a candidate user: this one, which
-- `candidate_users @> array[…]` can use (`… = any(candidate_users)` could not). It also lets the
-- page's visibility condition be answered by OR-ing three bitmaps.
create index tasks_candidate_users_idx on app.tasks using gin (candidate_users)
  where state = 'CREATED';
