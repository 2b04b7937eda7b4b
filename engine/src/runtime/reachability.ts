import type { ProcessModel } from '../model/process-model.js';

// Reachability is a property of the model, so it is computed once per model and element.
const cache = new WeakMap<ProcessModel, Map<string, Set<string>>>();

/** Whether a token at element `fromId` can still arrive at element `toId` along sequence flows. */
export function canReach(model: ProcessModel, fromId: string, toId: string): boolean {
  if (fromId === toId) return true;
  let perModel = cache.get(model);
  if (!perModel) {
    perModel = new Map();
    cache.set(model, perModel);
  }
  let reachable = perModel.get(fromId);
  if (!reachable) {
    reachable = new Set();
    const pending = [fromId];
    while (pending.length > 0) {
      const id = pending.pop() as string;
      for (const flowId of model.elements.get(id)?.outgoing ?? []) {
        const target = model.flows.get(flowId)?.targetId;
        if (target && !reachable.has(target)) {
          reachable.add(target);
          pending.push(target);
        }
      }
    }
    perModel.set(fromId, reachable);
  }
  return reachable.has(toId);
}
