/**
 * What `GET /health` reports: each part of the product (database, engine, workers, ...) registers
 * a check, and the product is healthy when every registered part is up.
 */
export interface PartHealth {
  status: 'up' | 'down';
  /** Anything an operator would want to see next to the status (mode, address, counts). */
  [detail: string]: unknown;
}

export interface HealthReport {
  status: 'ok' | 'unavailable';
  parts: Record<string, PartHealth>;
}

type Check = () => PartHealth | Promise<PartHealth>;

const checkTimeoutMs = 2000;

export class HealthRegistry {
  private readonly checks = new Map<string, Check>();

  register(part: string, check: Check): void {
    this.checks.set(part, check);
  }

  async report(): Promise<HealthReport> {
    const entries = await Promise.all(
      [...this.checks].map(async ([part, check]) => [part, await runCheck(check)] as const),
    );
    const parts = Object.fromEntries(entries);
    const status = entries.every(([, health]) => health.status === 'up') ? 'ok' : 'unavailable';
    return { status, parts };
  }
}

// A check that hangs (a database that stopped answering) must not hang the health endpoint.
async function runCheck(check: Check): Promise<PartHealth> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      Promise.resolve().then(check),
      new Promise<PartHealth>((resolve) => {
        timer = setTimeout(
          () => resolve({ status: 'down', error: `no answer within ${checkTimeoutMs} ms` }),
          checkTimeoutMs,
        );
      }),
    ]);
  } catch (error) {
    return { status: 'down', error: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}
