/**
 * Prometheus metrics at GET /metrics, in the text exposition format, without a client library:
 * request counts and latency per route and status, and — read from the app schema at each scrape —
 * open breaches per policy and level and open tasks; with the engine's calls when given. Routes are labelled by their pattern
 * (`/api/tasks/:id`), never by the concrete path, so a NIK never becomes a label.
 */
import type { RequestHandler } from 'express';
import express from 'express';
import type pg from 'pg';

import type { EngineCallMetrics } from './engine-calls.js';

const buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

interface Histogram {
  counts: number[];
  sum: number;
  count: number;
}

export class HttpMetrics {
  private readonly requests = new Map<string, number>();
  private readonly durations = new Map<string, Histogram>();

  /** Counts every request once its response is sent. */
  middleware(): RequestHandler {
    return (req, res, next) => {
      const started = process.hrtime.bigint();
      res.on('finish', () => {
        const route = routePattern(
          req.originalUrl,
          (req.route as { path?: unknown } | undefined)?.path,
        );
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        const key = labels({ method: req.method, route, status: String(res.statusCode) });
        this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
        const durationKey = labels({ method: req.method, route });
        const histogram = this.durations.get(durationKey) ?? {
          counts: buckets.map(() => 0),
          sum: 0,
          count: 0,
        };
        buckets.forEach((bound, i) => {
          if (seconds <= bound) histogram.counts[i]! += 1;
        });
        histogram.sum += seconds;
        histogram.count += 1;
        this.durations.set(durationKey, histogram);
      });
      next();
    };
  }

  render(): string[] {
    const lines = [
      '# HELP http_requests_total HTTP requests answered.',
      '# TYPE http_requests_total counter',
    ];
    for (const [key, value] of this.requests) lines.push(`http_requests_total{${key}} ${value}`);
    lines.push(
      '# HELP http_request_duration_seconds Time to answer.',
      '# TYPE http_request_duration_seconds histogram',
    );
    for (const [key, h] of this.durations) {
      buckets.forEach((bound, i) =>
        lines.push(`http_request_duration_seconds_bucket{${key},le="${bound}"} ${h.counts[i]}`),
      );
      lines.push(`http_request_duration_seconds_bucket{${key},le="+Inf"} ${h.count}`);
      lines.push(`http_request_duration_seconds_sum{${key}} ${h.sum}`);
      lines.push(`http_request_duration_seconds_count{${key}} ${h.count}`);
    }
    return lines;
  }
}

/**
 * The matched route's pattern with its mount path (`/api/tasks/:id/claim`). Express has reset
 * `req.baseUrl` by the time the response is sent, so the mount path is taken from the URL: the
 * segments before those the route pattern matched.
 */
function routePattern(originalUrl: string, routePath: unknown): string {
  if (typeof routePath !== 'string') return 'unmatched';
  const segments = (originalUrl.split('?')[0] ?? '').split('/').filter(Boolean);
  const routeSegments = routePath.split('/').filter(Boolean);
  const mount = segments.slice(0, Math.max(segments.length - routeSegments.length, 0));
  return `/${[...mount, ...routeSegments].join('/')}`;
}

function labels(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([name, value]) => `${name}="${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)
    .join(',');
}

export function metricsRouter(deps: {
  pool: pg.Pool;
  http: HttpMetrics;
  engine?: EngineCallMetrics;
}): express.Router {
  const router = express.Router();
  router.get('/metrics', async (_req, res) => {
    const lines = [...deps.http.render(), ...(deps.engine?.render() ?? [])];
    const { rows: breaches } = await deps.pool.query<{
      policy_code: string;
      level: number;
      n: number;
    }>(
      `select policy_code, level, count(*)::int as n from app.breaches where status <> 'RESOLVED' group by 1, 2 order by 1, 2`,
    );
    lines.push(
      '# HELP ektp_breaches_open Service-level breaches not yet resolved.',
      '# TYPE ektp_breaches_open gauge',
    );
    for (const b of breaches)
      lines.push(
        `ektp_breaches_open{${labels({ policy: b.policy_code, level: String(b.level) })}} ${b.n}`,
      );
    const { rows: tasks } = await deps.pool.query<{ n: number; overdue: number }>(
      `select count(*)::int as n, count(*) filter (where due_at < now())::int as overdue from app.tasks where state = 'CREATED'`,
    );
    lines.push(
      '# HELP ektp_tasks_open Open user tasks.',
      '# TYPE ektp_tasks_open gauge',
      `ektp_tasks_open ${tasks[0]?.n ?? 0}`,
    );
    lines.push(
      '# HELP ektp_tasks_overdue Open user tasks past their due date.',
      '# TYPE ektp_tasks_overdue gauge',
      `ektp_tasks_overdue ${tasks[0]?.overdue ?? 0}`,
    );
    res.type('text/plain; version=0.0.4').send(`${lines.join('\n')}\n`);
  });
  return router;
}
