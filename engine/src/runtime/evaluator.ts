/**
 * Typed FEEL evaluation for the runtime, with the engine's clock behind FEEL's `now()` and
 * `today()`, so a pinned or advanced clock also moves what expressions see.
 */
import { evaluate } from 'feelin';

import { evaluateExpression, evaluateNullable, type Evaluation } from '../expressions/feel.js';
import type { Expression, UserTaskDefinition } from '../model/process-model.js';
import type { Variables } from './instance-state.js';

type Result<T> = { ok: true; value: T } | { ok: false; message: string };

export class Evaluator {
  private readonly clockFunctions: Variables;

  constructor(now: number) {
    // Built only when an expression calls now() or today(): parsing FEEL for every step would cost
    // more than most steps themselves.
    const iso = new Date(now).toISOString();
    this.clockFunctions = {
      now: () => evaluate(`date and time("${iso}")`, {}).value,
      today: () => evaluate(`date("${iso.slice(0, 10)}")`, {}).value,
    };
  }

  /** A value that must not be null (job type, names, codes). */
  value(expression: Expression, context: Variables): Evaluation {
    return evaluateExpression(expression, this.withClock(context));
  }

  /** A value that may legitimately be null (mappings, conditions, collections). */
  nullable(expression: Expression, context: Variables): Evaluation {
    return evaluateNullable(expression, this.withClock(context));
  }

  string(expression: Expression, context: Variables, what: string): Result<string> {
    const result = this.value(expression, context);
    if (!result.ok) return result;
    if (typeof result.value !== 'string') {
      return {
        ok: false,
        message: `Expected result of the ${what} expression '${text(expression)}' to be 'STRING', but was '${kind(result.value)}'`,
      };
    }
    return { ok: true, value: result.value };
  }

  /** Correlation keys may be strings or numbers (numbers become their decimal text). */
  correlationKey(expression: Expression, context: Variables): Result<string> {
    const result = this.value(expression, context);
    if (!result.ok) return result;
    if (typeof result.value === 'string') return { ok: true, value: result.value };
    if (typeof result.value === 'number') return { ok: true, value: String(result.value) };
    return {
      ok: false,
      message: `Failed to extract the correlation key for '${text(expression)}': The value must be either a string or a number, but was '${kind(result.value)}'.`,
    };
  }

  retries(expression: Expression, context: Variables): Result<number> {
    if (expression.kind === 'static') return { ok: true, value: Number(expression.text) };
    const result = this.value(expression, context);
    if (!result.ok) return result;
    if (typeof result.value !== 'number' || !Number.isInteger(result.value)) {
      return {
        ok: false,
        message: `Expected result of the job retries expression '${expression.source}' to be 'NUMBER', but was '${kind(result.value)}'`,
      };
    }
    return { ok: true, value: result.value };
  }

  list(expression: Expression, context: Variables, what: string): Result<string[]> {
    if (expression.kind === 'static') {
      return {
        ok: true,
        value: expression.text
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      };
    }
    const result = this.value(expression, context);
    if (!result.ok) return result;
    if (!Array.isArray(result.value) || result.value.some((v) => typeof v !== 'string')) {
      return {
        ok: false,
        message: `Expected result of the ${what} expression '${expression.source}' to be 'ARRAY' of strings, but was '${kind(result.value)}'`,
      };
    }
    return { ok: true, value: result.value as string[] };
  }

  date(expression: Expression, context: Variables, what: string): Result<string> {
    const result = this.value(expression, context);
    if (!result.ok) return result;
    if (typeof result.value !== 'string' || Number.isNaN(Date.parse(result.value))) {
      return {
        ok: false,
        message: `Expected result of the ${what} expression '${text(expression)}' to be a valid date-time, but was '${String(result.value)}'`,
      };
    }
    return { ok: true, value: result.value };
  }

  /** Job-worker user tasks carry their assignment in `io.camunda.zeebe:*` headers, as Zeebe 8.5. */
  userTaskHeaders(task: UserTaskDefinition, context: Variables): Result<Record<string, string>> {
    const headers: Record<string, string> = {};
    const prefix = 'io.camunda.zeebe:';
    if (task.assignee) {
      const value = this.string(task.assignee, context, 'assignee');
      if (!value.ok) return value;
      if (value.value !== '') headers[`${prefix}assignee`] = value.value;
    }
    for (const [name, expression] of [
      ['candidateGroups', task.candidateGroups],
      ['candidateUsers', task.candidateUsers],
    ] as const) {
      if (!expression) continue;
      const value = this.list(expression, context, name);
      if (!value.ok) return value;
      if (value.value.length > 0) headers[`${prefix}${name}`] = JSON.stringify(value.value);
    }
    for (const [name, expression] of [
      ['dueDate', task.dueDate],
      ['followUpDate', task.followUpDate],
    ] as const) {
      if (!expression) continue;
      const value = this.date(expression, context, name);
      if (!value.ok) return value;
      headers[`${prefix}${name}`] = value.value;
    }
    if (task.formKey) headers[`${prefix}formKey`] = task.formKey;
    return { ok: true, value: headers };
  }

  private withClock(context: Variables): Variables {
    return { ...this.clockFunctions, ...context };
  }
}

function text(expression: Expression): string {
  return expression.kind === 'feel' ? expression.source : expression.text;
}

function kind(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (Array.isArray(value)) return 'ARRAY';
  if (typeof value === 'object') return 'OBJECT';
  return typeof value === 'number' ? 'NUMBER' : typeof value === 'boolean' ? 'BOOLEAN' : 'STRING';
}
