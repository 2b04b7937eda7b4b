/** CSV for the supervision lists: RFC 4180 quoting, a header row, UTF-8 with BOM for spreadsheets. */
export function toCsv(columns: string[], rows: Array<Record<string, unknown>>): string {
  const cell = (value: unknown) => {
    const text =
      value === null || value === undefined
        ? ''
        : value instanceof Date
          ? value.toISOString()
          : typeof value === 'object'
            ? JSON.stringify(value)
            : String(value);
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };

  const lines = [
    columns.join(','),
    ...rows.map((row) => columns.map((c) => cell(row[c])).join(',')),
  ];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
