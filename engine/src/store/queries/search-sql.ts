/**
 * The SQL of the monitoring searches (engine/src/rest): a filter per field, a sort and a page over
 * a base query whose columns carry the REST API's field names. Only columns a query declares can
 * be filtered or sorted on, and every value is a bound parameter.
 */
import type pg from 'pg';

export type ColumnType = 'key' | 'text' | 'int' | 'time' | 'bool';

/** A column of the base query, by its SQL name there, and how its values are typed. */
export interface Column {
  sql: string;
  type: ColumnType;
}

/** One field's condition, after the REST layer has normalised `value` into `{ $eq: value }`. */
export interface FieldFilter {
  $eq?: unknown;
  $neq?: unknown;
  $in?: unknown[];
  $notIn?: unknown[];
  $exists?: boolean;
  /** `*` any characters, `?` one character (Camunda's wildcards). */
  $like?: string;
  $gt?: unknown;
  $gte?: unknown;
  $lt?: unknown;
  $lte?: unknown;
}

export interface SearchQuery {
  filter: Record<string, FieldFilter>;
  sort: ReadonlyArray<{ field: string; order: 'ASC' | 'DESC' }>;
  from: number;
  limit: number;
}

export interface SearchPage<Row> {
  rows: Row[];
  total: number;
}

const sqlType: Record<ColumnType, string> = {
  key: 'bigint',
  text: 'text',
  int: 'integer',
  time: 'timestamptz',
  bool: 'boolean',
};

/**
 * Runs `base` (a select whose output columns include every `columns[*].sql`) with the query's
 * conditions, order and page; `tieBreaker` (a unique column) keeps pages stable.
 */
export async function runSearch<Row>(
  db: pg.Pool | pg.PoolClient,
  base: string,
  baseValues: readonly unknown[],
  columns: Readonly<Record<string, Column>>,
  query: SearchQuery,
  tieBreaker: string,
): Promise<SearchPage<Row>> {
  const values = [...baseValues];
  const bind = (value: unknown, type: ColumnType, array = false) => {
    values.push(value);
    return `$${values.length}::${sqlType[type]}${array ? '[]' : ''}`;
  };
  const conditions: string[] = [];
  for (const [field, filter] of Object.entries(query.filter)) {
    const column = columns[field];
    if (!column) throw new Error(`the field ${field} cannot be filtered on`);
    const { sql, type } = column;
    if (filter.$eq !== undefined) conditions.push(`${sql} = ${bind(filter.$eq, type)}`);
    if (filter.$neq !== undefined)
      conditions.push(`${sql} is distinct from ${bind(filter.$neq, type)}`);
    if (filter.$in) conditions.push(`${sql} = any(${bind(filter.$in, type, true)})`);
    if (filter.$notIn) conditions.push(`not (${sql} = any(${bind(filter.$notIn, type, true)}))`);
    if (filter.$exists !== undefined)
      conditions.push(`${sql} is ${filter.$exists ? 'not ' : ''}null`);
    if (filter.$like !== undefined)
      conditions.push(`${sql}::text like ${bind(likePattern(filter.$like), 'text')}`);
    if (filter.$gt !== undefined) conditions.push(`${sql} > ${bind(filter.$gt, type)}`);
    if (filter.$gte !== undefined) conditions.push(`${sql} >= ${bind(filter.$gte, type)}`);
    if (filter.$lt !== undefined) conditions.push(`${sql} < ${bind(filter.$lt, type)}`);
    if (filter.$lte !== undefined) conditions.push(`${sql} <= ${bind(filter.$lte, type)}`);
  }
  const where = conditions.length > 0 ? `where ${conditions.join(' and ')}` : '';
  const order = query.sort.map(({ field, order }) => {
    const column = columns[field];
    if (!column) throw new Error(`the field ${field} cannot be sorted on`);
    return `${column.sql} ${order === 'DESC' ? 'desc nulls last' : 'asc nulls last'}`;
  });
  order.push(tieBreaker);

  const counted = await db.query<{ total: number }>(
    `select count(*)::int as total from (${base}) as found ${where}`,
    values,
  );
  const total = counted.rows[0]?.total ?? 0;
  if (total <= query.from || query.limit === 0) return { rows: [], total };
  const page = await db.query<Row & pg.QueryResultRow>(
    `select * from (${base}) as found ${where} order by ${order.join(', ')}
      limit ${bind(query.limit, 'int')} offset ${bind(query.from, 'int')}`,
    values,
  );
  return { rows: page.rows, total };
}

function likePattern(pattern: string): string {
  return pattern
    .replace(/[\\%_]/g, (c) => `\\${c}`)
    .replace(/\*/g, '%')
    .replace(/\?/g, '_');
}
