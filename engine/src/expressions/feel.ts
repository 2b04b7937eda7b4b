/**
 * FEEL through `feelin`. Zeebe marks expressions with a leading `=`; feelin must not see it (it
 * would parse `=x` as a unary test and return a function). Evaluation never throws: it returns a
 * value or a failure that the runtime turns into an incident.
 */
import { evaluate, parseExpression } from 'feelin';

import type { Expression } from '../model/process-model.js';

export type Evaluation = { ok: true; value: unknown } | { ok: false; message: string };

/** Reads a Zeebe attribute value: `=...` is FEEL, anything else a static string. */
export function toExpression(attribute: string): Expression {
  const trimmed = attribute.trim();
  return trimmed.startsWith('=')
    ? { kind: 'feel', source: trimmed.slice(1).trim() }
    : { kind: 'static', text: attribute };
}

/** A syntax error message for deployment validation, or undefined when the expression parses. */
export function feelSyntaxError(expression: Expression): string | undefined {
  if (expression.kind === 'static') return undefined;
  if (expression.source === '') return 'the expression is empty';
  try {
    const tree = parseExpression(expression.source, {}, undefined);
    // feelin reports syntax errors as error nodes in the tree rather than by throwing.
    let error: string | undefined;
    tree.iterate({
      enter(node) {
        if (error === undefined && node.type.isError) {
          error = `invalid FEEL at position ${node.from}: '${expression.source}'`;
        }
      },
    });
    return error;
  } catch (e) {
    return `invalid FEEL: ${(e as Error).message}`;
  }
}

export function evaluateExpression(
  expression: Expression,
  context: Record<string, unknown>,
): Evaluation {
  if (expression.kind === 'static') return { ok: true, value: expression.text };
  try {
    const { value, warnings } = evaluate(expression.source, context) as {
      value: unknown;
      warnings: Array<{ type: string; message: string }>;
    };
    if (value === null || value === undefined) {
      const reason = warnings[0]?.message;
      return {
        ok: false,
        message: `failed to evaluate expression '${expression.source}': ${reason ?? 'the result is null'}`,
      };
    }
    return { ok: true, value: toJson(value) };
  } catch (e) {
    return {
      ok: false,
      message: `failed to evaluate expression '${expression.source}': ${(e as Error).message}`,
    };
  }
}

/**
 * Like evaluateExpression, but null is a legitimate result (mappings may produce null when the
 * source variable is missing, as in Zeebe).
 */
export function evaluateNullable(
  expression: Expression,
  context: Record<string, unknown>,
): Evaluation {
  if (expression.kind === 'static') return { ok: true, value: expression.text };
  try {
    const { value } = evaluate(expression.source, context) as { value: unknown };
    return { ok: true, value: value === undefined ? null : toJson(value) };
  } catch (e) {
    return {
      ok: false,
      message: `failed to evaluate expression '${expression.source}': ${(e as Error).message}`,
    };
  }
}

// FEEL temporal values and other objects become their JSON form (ISO strings for dates).
function toJson(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  return JSON.parse(JSON.stringify(value)) as unknown;
}
