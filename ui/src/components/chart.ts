/**
 * Hand-rolled SVG charts (bars, a trend line) that people would rather look at than read, each
 * shown with the same figures as a table (what a screen reader reads; the SVG is aria-hidden) and
 * a link to the endpoint's CSV. No chart library: a few rectangles and a polyline.
 */
import { h } from '../dom';
import { t } from '../i18n/i18n';

const svgNs = 'http://www.w3.org/2000/svg';

function s(tag: string, attributes: Record<string, string | number>, ...children: Node[]) {
  const element = document.createElementNS(svgNs, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  for (const child of children) element.appendChild(child);
  return element;
}

function text(value: string, attributes: Record<string, string | number>) {
  const element = s('text', attributes);
  element.textContent = value;
  return element;
}

export interface Datum {
  label: string;
  value: number | null;
  /** Drawn in the warning colour: over a limit, a breach. */
  alert?: boolean;
}

export interface ChartOptions {
  /** A reference line across the chart: the promise, a limit. */
  line?: { value: number; label: string };
  /** How a value is written on the bar and in the table. */
  format?: (value: number) => string;
}

const width = 560;
const rowHeight = 26;
const labelWidth = 190;

/** Horizontal bars, one per row, with an optional reference line (the promise). */
export function barChart(data: Datum[], options: ChartOptions = {}): SVGElement {
  const format = options.format ?? ((v: number) => String(v));
  const max = Math.max(1, options.line?.value ?? 0, ...data.map((d) => d.value ?? 0));
  const plot = width - labelWidth - 60;
  const height = Math.max(1, data.length) * rowHeight + (options.line ? 22 : 6);
  const svg = s('svg', {
    viewBox: `0 0 ${width} ${height}`,
    class: 'chart',
    'aria-hidden': 'true',
    focusable: 'false',
  });
  data.forEach((d, i) => {
    const y = i * rowHeight + 4;
    const length = d.value === null ? 0 : Math.max(1, (d.value / max) * plot);
    svg.appendChild(
      text(d.label.length > 26 ? `${d.label.slice(0, 25)}…` : d.label, {
        x: labelWidth - 6,
        y: y + 15,
        'text-anchor': 'end',
        class: 'chart-label',
      }),
    );
    svg.appendChild(
      s('rect', {
        x: labelWidth,
        y,
        width: length,
        height: rowHeight - 8,
        rx: 2,
        class: d.alert ? 'chart-bar chart-bar-alert' : 'chart-bar',
      }),
    );
    svg.appendChild(
      text(d.value === null ? '—' : format(d.value), {
        x: labelWidth + length + 4,
        y: y + 15,
        class: 'chart-value',
      }),
    );
  });
  if (options.line) {
    const x = labelWidth + (options.line.value / max) * plot;
    svg.appendChild(s('line', { x1: x, x2: x, y1: 0, y2: height - 18, class: 'chart-promise' }));
    svg.appendChild(
      text(options.line.label, {
        x,
        y: height - 4,
        // Near the right edge the label ends at the line, so it is not cut off.
        'text-anchor': x > width * 0.7 ? 'end' : 'middle',
        class: 'chart-note',
      }),
    );
  }
  return svg;
}

/** A trend over periods: one or two lines, with dots and the first and last period named. */
export function lineChart(
  periods: string[],
  series: Array<{ name: string; values: Array<number | null>; tone: 'a' | 'b' }>,
): SVGElement {
  const height = 200;
  const left = 40;
  const bottom = 28;
  const plotWidth = width - left - 12;
  const plotHeight = height - bottom - 10;
  const max = Math.max(1, ...series.flatMap((x) => x.values.map((v) => v ?? 0)));
  const svg = s('svg', {
    viewBox: `0 0 ${width} ${height}`,
    class: 'chart',
    'aria-hidden': 'true',
    focusable: 'false',
  });
  const xOf = (i: number) =>
    left + (periods.length <= 1 ? plotWidth / 2 : (i / (periods.length - 1)) * plotWidth);
  const yOf = (v: number) => 10 + plotHeight - (v / max) * plotHeight;
  svg.appendChild(s('line', { x1: left, x2: left, y1: 10, y2: 10 + plotHeight, class: 'axis' }));
  svg.appendChild(
    s('line', {
      x1: left,
      x2: width - 12,
      y1: 10 + plotHeight,
      y2: 10 + plotHeight,
      class: 'axis',
    }),
  );
  svg.appendChild(
    text(String(max), { x: left - 4, y: 16, 'text-anchor': 'end', class: 'chart-note' }),
  );
  svg.appendChild(
    text('0', { x: left - 4, y: 10 + plotHeight, 'text-anchor': 'end', class: 'chart-note' }),
  );
  if (periods.length > 0) {
    svg.appendChild(text(periods[0]!, { x: left, y: height - 8, class: 'chart-note' }));
    if (periods.length > 1)
      svg.appendChild(
        text(periods[periods.length - 1]!, {
          x: width - 12,
          y: height - 8,
          'text-anchor': 'end',
          class: 'chart-note',
        }),
      );
  }
  for (const line of series) {
    const points = line.values
      .map((v, i) => (v === null ? null : `${xOf(i)},${yOf(v)}`))
      .filter((p): p is string => p !== null);
    svg.appendChild(
      s('polyline', { points: points.join(' '), class: `chart-line tone-${line.tone}` }),
    );
    line.values.forEach((v, i) => {
      if (v !== null)
        svg.appendChild(
          s('circle', { cx: xOf(i), cy: yOf(v), r: 3, class: `chart-dot tone-${line.tone}` }),
        );
    });
  }
  return svg;
}

export interface TableColumn<T> {
  label: string;
  value: (row: T) => string | number | Node | null;
  numeric?: boolean;
}

/** The figures of a chart as a table, for reading and for screen readers. */
export function dataTable<T>(
  caption: string,
  columns: Array<TableColumn<T>>,
  rows: T[],
): HTMLElement {
  if (rows.length === 0) return h('p', { class: 'empty' }, t('dash.noData'));
  return h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      { class: 'figures' },
      h('caption', {}, caption),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          columns.map((c) =>
            h('th', { scope: 'col', class: c.numeric ? 'num' : undefined }, c.label),
          ),
        ),
      ),
      h(
        'tbody',
        {},
        rows.map((row) =>
          h(
            'tr',
            {},
            columns.map((c) => {
              const v = c.value(row);
              return h('td', { class: c.numeric ? 'num' : undefined }, v === null ? '—' : v);
            }),
          ),
        ),
      ),
    ),
  );
}

/** A chart with its title, its table (folded open under the chart) and its CSV link. */
export function chartPanel(options: {
  id: string;
  title: string;
  chart: SVGElement | null;
  table: HTMLElement;
  csv?: string;
  note?: string;
}): HTMLElement {
  const headingId = `${options.id}-title`;
  return h(
    'section',
    { class: 'chart-panel', 'aria-labelledby': headingId, id: options.id },
    h('h2', { id: headingId }, options.title),
    options.note ? h('p', { class: 'muted small' }, options.note) : null,
    options.chart,
    h('details', {}, h('summary', {}, t('dash.showTable')), options.table),
    options.csv
      ? h(
          'p',
          { class: 'csv-link' },
          h('a', { href: options.csv, download: '' }, t('dash.csv', { what: options.title })),
        )
      : null,
  );
}

export function percent(value: number | null): string {
  return value === null ? '—' : `${Math.round(value * 1000) / 10}%`;
}
