import type { Variables } from './instance-state.js';

/**
 * Writes `value` at a mapping target. A plain name sets the variable; a dotted path
 * (`order.status`) sets only the leaf inside the object the variable already holds — taken from
 * `into` when an earlier mapping of the same element made it, else from `existing` (the variable
 * as visible in the scope) — so the other fields of the object survive, as in Zeebe.
 */
export function mergeAtPath(
  into: Variables,
  path: string,
  value: unknown,
  existing: unknown,
): void {
  const [root, ...rest] = path.split('.');
  if (root === undefined) return;
  if (rest.length === 0) {
    into[root] = value;
    return;
  }
  const base = Object.prototype.hasOwnProperty.call(into, root) ? into[root] : existing;
  const copy: Record<string, unknown> = isObject(base) ? structuredClone(base) : {};
  let cursor = copy;
  for (const [index, segment] of rest.entries()) {
    if (index === rest.length - 1) {
      cursor[segment] = value;
    } else {
      const next = cursor[segment];
      cursor[segment] = isObject(next) ? next : {};
      cursor = cursor[segment] as Record<string, unknown>;
    }
  }
  into[root] = copy;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
