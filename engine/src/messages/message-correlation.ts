/**
 * Message correlation (zeebe-semantics.md §1.4): a published message goes to the open
 * subscriptions with its name and correlation key — one instance per process — and to message
 * start events; a buffered message waits for a subscription that opens later, or for the end of
 * the instance that blocks a message start with the same correlation key.
 */
import type { EngineCore } from '../engine-core.js';
import type { ElementModel } from '../model/process-model.js';
import type { NewMessageSubscription } from '../runtime/effects.js';
import type { ProcessInstanceState, Variables } from '../runtime/instance-state.js';
import type { Batch } from '../store/batch.js';
import { iso } from '../store/rows.js';

/** Correlates a message to open subscriptions and message start events; returns the processes. */
export async function correlateMessage(
  core: EngineCore,
  batch: Batch,
  name: string,
  correlationKey: string,
  variables: Variables,
): Promise<Set<string>> {
  const correlated = new Set<string>();
  const stored = await batch.client.query<{
    key: string;
    owner: string;
    element_id: string;
    process_instance_key: string;
    bpmn_process_id: string;
  }>(
    `select key::text, owner::text, element_id, process_instance_key::text, bpmn_process_id
       from engine.message_subscriptions where message_name = $1 and correlation_key = $2
      order by message_subscriptions.key`,
    [name, correlationKey],
  );
  // What this batch opened and closed is not in the database yet: add the one, drop the other.
  const rows = [
    ...stored.rows.filter((row) => !batch.subscriptions.closedInBatch(row.owner)),
    ...batch.subscriptions
      .pendingMessages()
      .filter((s) => s.messageName === name && s.correlationKey === correlationKey)
      .map((s) => ({
        key: s.key,
        owner: s.owner,
        element_id: s.elementId,
        process_instance_key: s.processInstanceKey,
        bpmn_process_id: s.bpmnProcessId,
      })),
  ].sort((a, b) => (BigInt(a.key) < BigInt(b.key) ? -1 : 1));
  for (const row of rows) {
    // Zeebe correlates a message once per process, to one of its waiting instances.
    if (correlated.has(row.bpmn_process_id)) continue;
    const state = await batch.instance(row.process_instance_key);
    if (state?.state !== 'ACTIVE') continue;
    let fired = false;
    await core.step(batch, state, (runtime) => {
      fired = runtime.trigger(row.owner, row.element_id, variables);
    });
    if (fired) correlated.add(row.bpmn_process_id);
  }
  for (const { meta, model, start } of core.definitions.startEvents('message')) {
    if (correlated.has(meta.bpmnProcessId)) continue;
    const definition = start.event as Extract<
      NonNullable<ElementModel['event']>,
      { type: 'message' }
    >;
    if (definition.name.kind !== 'static' || definition.name.text !== name) continue;
    if (
      correlationKey !== '' &&
      (await hasActiveInstanceStartedBy(core, batch, meta.bpmnProcessId, name, correlationKey))
    )
      continue;
    await core.startInstance(batch, meta, model, variables, undefined, {
      elementId: start.id,
      startedBy: correlationKey === '' ? undefined : { messageName: name, correlationKey },
    });
    correlated.add(meta.bpmnProcessId);
  }
  return correlated;
}

/** A subscription that just opened takes the oldest buffered message meant for it. */
export async function correlateBufferedMessage(
  core: EngineCore,
  batch: Batch,
  subscription: NewMessageSubscription,
): Promise<void> {
  const { rows } = await batch.client.query<{ key: string; variables: Variables }>(
    `select m.key::text, m.variables from engine.messages m
      where m.name = $1 and m.correlation_key = $2 and m.expires_at > $3
        and not exists (select 1 from engine.message_correlations c where c.message_key = m.key and c.bpmn_process_id = $4)
      order by m.key limit 1`,
    [
      subscription.messageName,
      subscription.correlationKey,
      iso(batch.now),
      subscription.bpmnProcessId,
    ],
  );
  const message = rows[0];
  if (!message) return;
  // The correlation must see the subscription's instance as the runtime left it.
  const state = await batch.instance(subscription.processInstanceKey);
  if (!state || state.state !== 'ACTIVE') return;
  await batch.client.query(
    'insert into engine.message_correlations (message_key, bpmn_process_id) values ($1, $2)',
    [message.key, subscription.bpmnProcessId],
  );
  await core.step(batch, state, (runtime) => {
    runtime.trigger(subscription.owner, subscription.elementId, message.variables);
  });
}

/**
 * An instance created by a message start event ended: a message with the same correlation key
 * that was buffered meanwhile now starts the next instance (Zeebe's one-active-instance rule).
 */
export async function startFromBufferedMessage(
  core: EngineCore,
  batch: Batch,
  ended: ProcessInstanceState,
): Promise<void> {
  const startedBy = ended.startedBy;
  if (!startedBy) return;
  const { rows } = await batch.client.query<{ key: string; variables: Variables }>(
    `select m.key::text, m.variables from engine.messages m
      where m.name = $1 and m.correlation_key = $2 and m.expires_at > $3
        and not exists (select 1 from engine.message_correlations c where c.message_key = m.key and c.bpmn_process_id = $4)
      order by m.key limit 1`,
    [startedBy.messageName, startedBy.correlationKey, iso(batch.now), ended.bpmnProcessId],
  );
  const message = rows[0];
  if (!message) return;
  const found = [...core.definitions.startEvents('message')].find(
    ({ meta, start }) =>
      meta.bpmnProcessId === ended.bpmnProcessId &&
      start.event?.type === 'message' &&
      start.event.name.kind === 'static' &&
      start.event.name.text === startedBy.messageName,
  );
  if (!found) return;
  await batch.client.query(
    'insert into engine.message_correlations (message_key, bpmn_process_id) values ($1, $2)',
    [message.key, ended.bpmnProcessId],
  );
  await core.startInstance(batch, found.meta, found.model, message.variables, undefined, {
    elementId: found.start.id,
    startedBy,
  });
}

export async function hasActiveInstanceStartedBy(
  core: EngineCore,
  batch: Batch,
  bpmnProcessId: string,
  name: string,
  correlationKey: string,
): Promise<boolean> {
  await batch.flush();
  const { rowCount } = await batch.client.query(
    `select 1 from engine.process_instances
      where bpmn_process_id = $1 and state = 'ACTIVE'
        and document -> 'startedBy' ->> 'messageName' = $2 and document -> 'startedBy' ->> 'correlationKey' = $3
      limit 1`,
    [bpmnProcessId, name, correlationKey],
  );
  return (rowCount ?? 0) > 0;
}
