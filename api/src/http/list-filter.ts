/**
 * The WHERE clause and page window of a filtered list, built condition by condition with numbered
 * parameters, so each list endpoint says only which filters it has.
 */
export class ListFilter {
  readonly params: unknown[];
  private readonly conditions: string[] = [];

  /** `fixed` values are $1, $2 … before any filter's, for the query's own use. */
  constructor(...fixed: unknown[]) {
    this.params = [...fixed];
  }

  /** A condition whose `?` all stand for `value`. */
  add(sql: string, value: unknown): this {
    this.params.push(value);
    this.conditions.push(sql.replaceAll('?', `$${this.params.length}`));
    return this;
  }

  /** A condition without a value. */
  require(sql: string): this {
    this.conditions.push(sql);
    return this;
  }

  /**
   * A period of local (WIB) calendar days, both included: `startColumn` at or after the start of
   * `from`, `endColumn` before the end of `to` (one column for an event, two for a span).
   */
  period(
    from: string | undefined,
    to: string | undefined,
    startColumn: string,
    endColumn = startColumn,
  ): this {
    if (from)
      this.add(`${startColumn} >= ((?::date)::timestamp at time zone 'Asia/Jakarta')`, from);
    if (to) this.add(`${endColumn} < ((?::date + 1)::timestamp at time zone 'Asia/Jakarta')`, to);
    return this;
  }

  where(): string {
    return this.conditions.length > 0 ? `where ${this.conditions.join(' and ')}` : '';
  }

  /** `limit … offset …` for the page, or every row up to `maxRows` for a CSV export. */
  window(q: { page: number; pageSize: number }, csv: boolean, maxRows = 100_000): string {
    this.params.push(csv ? maxRows : q.pageSize, csv ? 0 : (q.page - 1) * q.pageSize);
    return `limit $${this.params.length - 1} offset $${this.params.length}`;
  }
}
