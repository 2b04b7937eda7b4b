/**
 * The shape every search of the monitoring REST API shares, after Camunda 8.8's v2 API:
 *   { filter: { field: value | { $eq, $neq, $in, $notIn, $exists, $like, $gt, $gte, $lt, $lte } },
 *     sort: [{ field, order: 'ASC' | 'DESC' }], page: { from, limit } | { after | before, limit } }
 * answered with { items, page: { totalItems, startCursor, endCursor, hasMoreTotalItems } }.
 * A field this engine cannot filter or sort on is a 400 naming it, never silently ignored.
 */
import { z } from 'zod';

import type { Column, ColumnType, FieldFilter, SearchQuery } from '../store/queries/search-sql.js';
import { ProblemError } from './problem.js';

/** Camunda's default tenant: the embedded engine has no other. */
export const defaultTenant = '<default>';

const keyValue = z.string().regex(/^\d{1,19}$/, 'must be a key (an int64 as a decimal string)');
const timeValue = z.iso.datetime({ offset: true });

const valueSchema: Record<ColumnType, z.ZodType> = {
  key: keyValue,
  text: z.string(),
  int: z.number().int(),
  time: timeValue,
  bool: z.boolean(),
};

function advanced(type: ColumnType): z.ZodType<FieldFilter> {
  const value = valueSchema[type];
  const shape: Record<string, z.ZodType> = {
    $eq: value.optional(),
    $neq: value.optional(),
    $exists: z.boolean().optional(),
  };
  if (type !== 'bool') {
    shape.$in = z.array(value).max(1000).optional();
    shape.$notIn = z.array(value).max(1000).optional();
  }
  if (type === 'text') shape.$like = z.string().optional();
  if (type === 'int' || type === 'time') {
    for (const op of ['$gt', '$gte', '$lt', '$lte']) shape[op] = value.optional();
  }
  return z.strictObject(shape);
}

/** A filter field: a plain value (means `$eq`) or an advanced filter object. */
export function fieldFilter(type: ColumnType): z.ZodType<FieldFilter> {
  return z
    .union([valueSchema[type], advanced(type)])
    .transform((f) => (typeof f === 'object' && f !== null && !Array.isArray(f) ? f : { $eq: f }));
}

const tenantFilter = z.union([
  z.literal(defaultTenant),
  z.strictObject({ $eq: z.literal(defaultTenant) }),
]);

const page = z
  .strictObject({
    from: z.number().int().min(0).optional(),
    limit: z.number().int().min(0).max(10000).default(100),
    after: z.string().optional(),
    before: z.string().optional(),
  })
  .default({ limit: 100 });

const sortOrder = z
  .string()
  .transform((s) => s.toUpperCase())
  .pipe(z.enum(['ASC', 'DESC']));

/** The body schema of a search over `columns` (plus any extra filter fields handled elsewhere). */
export function searchBody(
  columns: Readonly<Record<string, Column>>,
  extraFilters: Record<string, z.ZodType> = {},
) {
  const filterShape: Record<string, z.ZodType> = { tenantId: tenantFilter.optional() };
  for (const [field, column] of Object.entries(columns))
    filterShape[field] = fieldFilter(column.type).optional();
  Object.assign(filterShape, extraFilters);
  const fields = Object.keys(columns) as [string, ...string[]];
  return z.strictObject({
    filter: z.strictObject(filterShape).default({}),
    sort: z
      .array(z.strictObject({ field: z.enum(fields), order: sortOrder.default('ASC') }))
      .default([]),
    page,
  });
}

export interface ParsedSearch {
  filter: Record<string, unknown>;
  sort: Array<{ field: string; order: 'ASC' | 'DESC' }>;
  page: { from?: number; limit: number; after?: string; before?: string };
}

/** The store's query from a parsed body: the filters of `columns` and the page as an offset. */
export function toSearchQuery(
  parsed: ParsedSearch,
  columns: Readonly<Record<string, Column>>,
  defaultSort: SearchQuery['sort'],
): SearchQuery {
  const filter: Record<string, FieldFilter> = {};
  for (const [field, value] of Object.entries(parsed.filter)) {
    if (value !== undefined && columns[field]) filter[field] = value as FieldFilter;
  }
  let from = parsed.page.from ?? 0;
  let limit = parsed.page.limit;
  if (parsed.page.after !== undefined) from = decodeCursor(parsed.page.after) + 1;
  if (parsed.page.before !== undefined) {
    const before = decodeCursor(parsed.page.before);
    from = Math.max(0, before - limit);
    limit = Math.min(limit, before);
  }
  return { filter, sort: parsed.sort.length > 0 ? parsed.sort : defaultSort, from, limit };
}

/** The answer's page: cursors are the positions of the first and last item, opaque to clients. */
export function pageOf<T>(items: T[], total: number, query: SearchQuery) {
  return {
    items,
    page: {
      totalItems: total,
      startCursor: items.length > 0 ? encodeCursor(query.from) : null,
      endCursor: items.length > 0 ? encodeCursor(query.from + items.length - 1) : null,
      hasMoreTotalItems: false,
    },
  };
}

function encodeCursor(position: number): string {
  return Buffer.from(JSON.stringify({ position })).toString('base64url');
}

function decodeCursor(cursor: string): number {
  try {
    const { position } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
      position?: unknown;
    };
    if (typeof position === 'number' && Number.isInteger(position) && position >= 0)
      return position;
  } catch {
    // answered below
  }
  throw new ProblemError(400, 'INVALID_ARGUMENT', 'The page cursor is not one this API gave.');
}

/** Parses a search body or answers 400 with what is wrong, field by field. */
export function parseSearch<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) throw invalid(parsed.error);
  return parsed.data;
}

export function invalid(error: z.ZodError): ProblemError {
  return new ProblemError(
    400,
    'INVALID_ARGUMENT',
    error.issues
      .map((issue) => `${issue.path.join('.') || 'request'}: ${issue.message}`)
      .join('; '),
  );
}

/** A path's key, or a 400 when it is not one. */
export function pathKey(value: unknown, name: string): string {
  const parsed = keyValue.safeParse(value);
  if (!parsed.success)
    throw new ProblemError(400, 'INVALID_ARGUMENT', `${name} must be a key (an int64 as text)`);
  return parsed.data;
}

export function isoOrNull(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}
