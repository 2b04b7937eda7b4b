/**
 * Calls from the API to the engine's gateway, for /metrics: counted per method and outcome and
 * timed. The API's Zeebe client is wrapped once, so every endpoint that publishes a message,
 * completes a job, deploys or resolves an incident is measured without knowing it.
 */
import type { Zeebe } from '@camunda8/sdk';

const buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export class EngineCallMetrics {
  private readonly calls = new Map<string, number>();
  private readonly durations = new Map<string, { counts: number[]; sum: number; count: number }>();

  /** The client, with each of its methods that answers a promise counted and timed. */
  instrument(client: Zeebe.ZeebeGrpcClient): Zeebe.ZeebeGrpcClient {
    return new Proxy(client, {
      get: (target, property, receiver) => {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function' || typeof property !== 'string') return value;
        return (...args: unknown[]) => {
          const started = process.hrtime.bigint();
          const result: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
          if (!(result instanceof Promise)) return result;
          return result.then(
            (answer: unknown) => {
              this.record(property, 'ok', started);
              return answer;
            },
            (error: unknown) => {
              this.record(property, 'error', started);
              throw error;
            },
          );
        };
      },
    });
  }

  private record(method: string, outcome: 'ok' | 'error', started: bigint): void {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const key = `method="${method}",outcome="${outcome}"`;
    this.calls.set(key, (this.calls.get(key) ?? 0) + 1);
    const histogram = this.durations.get(`method="${method}"`) ?? {
      counts: buckets.map(() => 0),
      sum: 0,
      count: 0,
    };
    buckets.forEach((bound, i) => {
      if (seconds <= bound) histogram.counts[i]! += 1;
    });
    histogram.sum += seconds;
    histogram.count += 1;
    this.durations.set(`method="${method}"`, histogram);
  }

  render(): string[] {
    const lines = [
      '# HELP ektp_engine_calls_total Calls from the API to the engine gateway.',
      '# TYPE ektp_engine_calls_total counter',
    ];
    for (const [key, value] of this.calls) lines.push(`ektp_engine_calls_total{${key}} ${value}`);
    lines.push(
      '# HELP ektp_engine_call_duration_seconds Time the engine gateway took to answer the API.',
      '# TYPE ektp_engine_call_duration_seconds histogram',
    );
    for (const [key, h] of this.durations) {
      buckets.forEach((bound, i) =>
        lines.push(`ektp_engine_call_duration_seconds_bucket{${key},le="${bound}"} ${h.counts[i]}`),
      );
      lines.push(`ektp_engine_call_duration_seconds_bucket{${key},le="+Inf"} ${h.count}`);
      lines.push(`ektp_engine_call_duration_seconds_sum{${key}} ${h.sum}`);
      lines.push(`ektp_engine_call_duration_seconds_count{${key}} ${h.count}`);
    }
    return lines;
  }
}
