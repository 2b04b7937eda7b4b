/**
 * Where a thrown error or escalation is caught (zeebe-semantics.md §1.3, §2.5): from the element
 * outwards — its own boundary events, the event subprocesses of its scope, the boundary events of
 * the enclosing subprocess, and so on up to the process. A catch event for the exact code wins
 * over a catch-all in the same place.
 */
import type { ElementModel, ProcessModel } from '../model/process-model.js';
import type { ElementInstance, ProcessInstanceState } from './instance-state.js';

export type CatchTarget =
  | { kind: 'boundary'; owner: string; element: ElementModel }
  | { kind: 'eventSubprocess'; owner: string; element: ElementModel; start: ElementModel };

export function catchTargetFor(
  state: ProcessInstanceState,
  model: ProcessModel,
  from: ElementInstance,
  event: 'error' | 'escalation',
  code: string,
  /** The search arrives from a child instance: `from` is the call activity itself. */
  fromChild: boolean,
): CatchTarget | undefined {
  let current: ElementInstance | undefined = from;
  let first = true;
  while (current) {
    const element = model.elements.get(current.elementId);
    // The thrower's own boundary events catch errors from its job; a throw event has none, and an
    // escalation is caught by the boundaries of the enclosing activity, not its own.
    const ownBoundaries =
      !first || fromChild || (event === 'error' && element?.kind !== 'endEvent');
    if (element && ownBoundaries && current.loopIndex === undefined) {
      const boundary = best(
        element.boundaryEvents.map((id) => model.elements.get(id) as ElementModel),
        event,
        code,
      );
      if (boundary) return { kind: 'boundary', owner: current.key, element: boundary };
    }
    first = false;
    const scopeKey: string = current.scopeKey;
    const scopeElement = scopeKey === state.key ? undefined : state.elements[scopeKey];
    const espIds = scopeElement
      ? (model.elements.get(scopeElement.elementId)?.eventSubprocesses ?? [])
      : model.eventSubprocesses;
    // An event subprocess does not catch what its own content throws.
    const starts = espIds
      .filter((id) => !(scopeElement && scopeElement.elementId === id))
      .map((id) => model.elements.get(id) as ElementModel)
      .map((esp) => model.elements.get(esp.startEventId ?? '') as ElementModel)
      .filter(Boolean);
    const start = best(starts, event, code);
    if (start) {
      return {
        kind: 'eventSubprocess',
        owner: scopeKey,
        element: model.elements.get(start.scopeId) as ElementModel,
        start,
      };
    }
    if (scopeKey === state.key) return undefined;
    current = state.elements[scopeKey];
  }
  return undefined;
}

function best(
  candidates: ElementModel[],
  event: 'error' | 'escalation',
  code: string,
): ElementModel | undefined {
  const matching = candidates.filter((c) => c.event?.type === event);
  return (
    matching.find(
      (c) =>
        c.event &&
        'code' in c.event &&
        c.event.code?.kind === 'static' &&
        c.event.code.text === code,
    ) ?? matching.find((c) => c.event && 'code' in c.event && c.event.code === undefined)
  );
}
