/** What the monitoring REST API reads with: the engine's database, clock and parsed models. */
import type pg from 'pg';

import type { Clock } from '../../../platform/src/clock.js';
import type { ElementModel, ProcessModel } from '../model/process-model.js';

export interface RestContext {
  pool: pg.Pool;
  clock: Clock;
  /** A deployed version's model, or undefined for a key nobody deployed. */
  model(processDefinitionKey: string): Promise<ProcessModel | undefined>;
}

/** Models of the definitions one answer touches, each looked up once. */
export function modelCache(context: RestContext) {
  const cache = new Map<string, Promise<ProcessModel | undefined>>();
  const model = (key: string) => {
    let found = cache.get(key);
    if (!found) {
      found = context.model(key);
      cache.set(key, found);
    }
    return found;
  };
  return {
    model,
    /** The element's model, when its definition and element are known. */
    async element(
      processDefinitionKey: string,
      elementId: string,
    ): Promise<ElementModel | undefined> {
      return (await model(processDefinitionKey))?.elements.get(elementId);
    },
  };
}
