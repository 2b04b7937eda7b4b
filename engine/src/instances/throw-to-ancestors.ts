import type { EngineCore } from '../engine-core.js';
import type { Effect } from '../runtime/effects.js';
import { catchTargetFor } from '../runtime/event-catching.js';
import type { ProcessInstanceState } from '../runtime/instance-state.js';
import type { Batch } from '../store/batch.js';

/**
 * An error or escalation that no catch event in `child` takes travels up the call activities.
 * An error that nothing catches ends as an incident where it was thrown.
 */
export async function throwToAncestors(
  core: EngineCore,
  batch: Batch,
  child: ProcessInstanceState,
  effect: Extract<Effect, { kind: 'throwToParent' }>,
): Promise<void> {
  let current: ProcessInstanceState | undefined = child;
  while (current?.parent) {
    const parent = await batch.instance(current.parent.processInstanceKey);
    if (!parent || parent.state !== 'ACTIVE') break;
    const callActivity = parent.elements[current.parent.elementInstanceKey];
    if (!callActivity) break;
    const model = await core.definitions.model(parent.processDefinitionKey, batch.client);
    if (catchTargetFor(parent, model, callActivity, effect.event, effect.code, true)) {
      await core.step(batch, parent, (runtime) =>
        runtime.catchFromChild(
          callActivity.key,
          effect.event,
          effect.code,
          effect.message,
          effect.variables,
          effect.origin,
        ),
      );
      return;
    }
    current = parent;
  }
  if (effect.event === 'error') {
    const latest = (await batch.instance(child.key)) ?? child;
    await core.step(batch, latest, (runtime) =>
      runtime.errorNotCaught(effect.origin.elementInstanceKey, effect.code, effect.message),
    );
  }
}
