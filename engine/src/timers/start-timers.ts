import type { DefinitionMeta } from '../definitions.js';
import type { EngineCore } from '../engine-core.js';
import { InvalidArgumentError } from '../errors.js';
import type { ProcessModel } from '../model/process-model.js';
import { Evaluator } from '../runtime/evaluator.js';
import { timerDueTime } from '../runtime/timer-schedule.js';
import type { Batch } from '../store/batch.js';

/**
 * A new version replaces the timer start events of the versions before it (Zeebe 8.5): their
 * timers are cancelled and the new version's are scheduled from now.
 */
export async function scheduleStartTimers(
  core: EngineCore,
  batch: Batch,
  meta: DefinitionMeta,
  model: ProcessModel,
): Promise<void> {
  const older = core.definitions.versionsOf(meta.bpmnProcessId).map((m) => m.key);
  if (older.length > 0) {
    await batch.flush();
    await batch.client.query(
      'delete from engine.timers where owner is null and process_definition_key = any($1::bigint[])',
      [older],
    );
  }
  const evaluator = new Evaluator(batch.now);
  for (const id of model.eventStartIds) {
    const start = model.elements.get(id);
    if (start?.event?.type !== 'timer') continue;
    const due = timerDueTime(start.event.timer, evaluator, {}, batch.now);
    if (!due.ok) throw new InvalidArgumentError(`Element '${id}': ${due.message}`);
    if (due.dueAt === undefined) continue;
    batch.subscriptions.openTimer({
      key: core.keys.nextKey(),
      owner: '',
      elementId: id,
      dueAt: due.dueAt,
      processInstanceKey: '',
      processDefinitionKey: meta.key,
      ...(due.cycle ? { cycle: due.cycle } : {}),
    });
  }
}
