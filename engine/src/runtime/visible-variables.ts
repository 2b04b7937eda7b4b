import type { ProcessInstanceState, Variables } from './instance-state.js';

/** The scope keys from `scopeKey` up to the process instance (the root). */
export function scopeChain(state: ProcessInstanceState, scopeKey: string): string[] {
  const chain: string[] = [];
  for (let scope: string | undefined = scopeKey; scope;) {
    chain.push(scope);
    if (scope === state.key) break;
    scope = state.elements[scope]?.scopeKey ?? state.key;
  }
  return chain;
}

/** All variables visible from a scope, inner ones shadowing outer ones. */
export function visibleVariables(state: ProcessInstanceState, scopeKey: string): Variables {
  const visible: Variables = {};
  for (const scope of scopeChain(state, scopeKey).reverse())
    Object.assign(visible, state.variables[scope]);
  return visible;
}
