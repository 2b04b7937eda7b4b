/**
 * Variables and headers travel as JSON strings whose root must be an object (gateway.proto).
 * Zeebe's default message size limit is 4 MB; a larger document is refused before it can bloat an
 * instance.
 */
import { InvalidArgumentError } from '../errors.js';
import type { Variables } from '../runtime/instance-state.js';

export const maxDocumentBytes = 4 * 1024 * 1024;

export function parseVariables(json: string | undefined, field = 'variables'): Variables {
  if (json === undefined || json.trim() === '') return {};
  const bytes = Buffer.byteLength(json, 'utf8');
  if (bytes > maxDocumentBytes) {
    throw new InvalidArgumentError(
      `Expected ${field} to be at most ${maxDocumentBytes} bytes, but it was ${bytes} bytes: keep large documents outside the process and pass a reference`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new InvalidArgumentError(
      `Expected ${field} to be a JSON document, but it could not be parsed: ${(error as Error).message}`,
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidArgumentError(
      `Expected ${field} to be a JSON object, but it was ${Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'null' : `a ${typeof value}`}`,
    );
  }
  return value as Variables;
}

/** int64 keys arrive as decimal strings (proto-loader `longs: String`). */
export function parseKey(value: unknown, field: string): string {
  const text = toText(value);
  if (!/^\d+$/.test(text) || text === '0')
    throw new InvalidArgumentError(`Expected ${field} to be a positive key, but it was '${text}'`);
  return text;
}

/** A string field of a request message (numbers as their decimal text, anything else as ''). */
export function toText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return '';
}

export function toNumber(value: unknown): number {
  return typeof value === 'number' ? value : Number(value ?? 0);
}

/**
 * The embedded engine runs without multi-tenancy: like Zeebe with multi-tenancy disabled, it
 * accepts no tenant or `<default>` only.
 */
export function checkTenants(value: unknown): void {
  const tenants = Array.isArray(value)
    ? (value as unknown[])
    : typeof value === 'string' && value !== ''
      ? [value]
      : [];
  const other = tenants.find((tenant) => tenant !== '<default>');
  if (other !== undefined) {
    throw new InvalidArgumentError(
      `Expected no tenant or '<default>' because multi-tenancy is disabled, but got '${toText(other)}'`,
    );
  }
}
