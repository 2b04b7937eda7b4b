-- What process instances wait for besides jobs: timers, message and signal subscriptions, and
-- the buffer of published messages. Pending timers live here, not in memory, so a million of
-- them cost disk, not the engine's heap.

-- `owner` is the element instance (or scope) that waits: a catch event, an activity with
-- boundary events, a scope with event subprocesses. Timer start events have no owner.
create table engine.timers (
  key bigint primary key,
  owner bigint,
  element_id text not null,
  process_instance_key bigint,
  process_definition_key bigint not null references engine.process_definitions (key),
  due_at timestamptz not null,
  -- Repeating timers: the cycle as evaluated, and how many repetitions are left (null = forever).
  cycle text,
  remaining integer,
  created_at timestamptz not null
);

-- The scheduler takes due timers in due order.
create index timers_due_idx on engine.timers (due_at, key);
create index timers_owner_idx on engine.timers (owner);

create table engine.message_subscriptions (
  key bigint primary key,
  owner bigint not null,
  element_id text not null,
  process_instance_key bigint not null,
  bpmn_process_id text not null,
  message_name text not null,
  correlation_key text not null,
  interrupting boolean not null,
  created_at timestamptz not null
);

create index message_subscriptions_match_idx on engine.message_subscriptions (message_name, correlation_key, key);
create index message_subscriptions_owner_idx on engine.message_subscriptions (owner);

create table engine.signal_subscriptions (
  key bigint primary key,
  owner bigint not null,
  element_id text not null,
  process_instance_key bigint not null,
  signal_name text not null,
  created_at timestamptz not null
);

create index signal_subscriptions_name_idx on engine.signal_subscriptions (signal_name, key);
create index signal_subscriptions_owner_idx on engine.signal_subscriptions (owner);

-- Published messages with a time to live wait here for a subscription that opens later.
create table engine.messages (
  key bigint primary key,
  name text not null,
  correlation_key text not null,
  message_id text,
  variables jsonb not null,
  published_at timestamptz not null,
  expires_at timestamptz not null
);

create index messages_match_idx on engine.messages (name, correlation_key, key);
create index messages_expiry_idx on engine.messages (expires_at);

-- A buffered message is correlated at most once per process (bpmnProcessId), as in Zeebe.
create table engine.message_correlations (
  message_key bigint not null references engine.messages (key) on delete cascade,
  bpmn_process_id text not null,
  primary key (message_key, bpmn_process_id)
);
