/** Signals reach every open signal subscription of their name and every signal start event. */
import type { EngineCore } from '../engine-core.js';
import type { ElementModel } from '../model/process-model.js';
import type { Variables } from '../runtime/instance-state.js';
import type { Batch } from '../store/batch.js';

export async function broadcastInBatch(
  core: EngineCore,
  batch: Batch,
  name: string,
  variables: Variables,
): Promise<void> {
  await batch.flush();
  const { rows } = await batch.client.query<{
    owner: string;
    element_id: string;
    process_instance_key: string;
  }>(
    `select owner::text, element_id, process_instance_key::text from engine.signal_subscriptions where signal_name = $1 order by key`,
    [name],
  );
  for (const row of rows) {
    const state = await batch.instance(row.process_instance_key);
    if (state?.state !== 'ACTIVE') continue;
    await core.step(batch, state, (runtime) => {
      runtime.trigger(row.owner, row.element_id, variables);
    });
  }
  for (const { meta, model, start } of core.definitions.startEvents('signal')) {
    const definition = start.event as Extract<
      NonNullable<ElementModel['event']>,
      { type: 'signal' }
    >;
    if (definition.name.kind !== 'static' || definition.name.text !== name) continue;
    await core.startInstance(batch, meta, model, variables, undefined, { elementId: start.id });
  }
}
