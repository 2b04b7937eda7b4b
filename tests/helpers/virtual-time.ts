/**
 * Running the processes in virtual time, for the process tests, the lifecycle simulation and its
 * bench: the engine's clock only moves when asked, so "wait until the service jobs are done" and
 * "move to the next moment anything can happen" are what a run is made of. These helpers read the
 * embedded engine's tables, which only test and bench code may do.
 */
import type pg from 'pg';

import type { Clock } from '../../platform/src/clock.js';

const hour = 60 * 60_000;
const day = 24 * hour;

/** Service jobs not yet done, apart from those waiting out a retry back-off. */
export async function jobsInFlight(pool: pg.Pool, clock: Clock): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(
    `select count(*)::int as n from engine.jobs
      where state in ('ACTIVATABLE', 'ACTIVATED') and type <> 'io.camunda.zeebe:userTask'
        and (retry_at is null or retry_at <= $1)`,
    [new Date(clock.now())],
  );
  return rows[0]!.n;
}

/** Waits (real time) until the workers have done every service job that is due. */
export async function settle(pool: pg.Pool, clock: Clock, timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await jobsInFlight(pool, clock)) > 0) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the service jobs to finish');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * The next moment anything can happen: a timer of the engine, a job's retry, a person's planned
 * action — but at least `minimumStep` on, so that bursts of close timers are taken together.
 */
export async function nextEventAt(
  pool: pg.Pool,
  now: number,
  nextAction: number | undefined,
  minimumStep = hour,
): Promise<number> {
  const { rows } = await pool.query<{ at: Date | null }>(
    `select least((select min(due_at) from engine.timers where due_at > $1),
                  (select min(retry_at) from engine.jobs where retry_at > $1)) as at`,
    [new Date(now)],
  );
  const candidates = [rows[0]?.at?.getTime(), nextAction].filter(
    (at): at is number => at !== undefined && Number.isFinite(at) && at > now,
  );
  const next = candidates.length > 0 ? Math.min(...candidates) : now + day;
  return Math.max(next, now + minimumStep);
}

export interface VirtualRun {
  steps: number;
  virtualDays: number;
  wallSeconds: number;
}

/**
 * Lets the processes and the people run until `done` or until the clock passes `limit`: settle,
 * let the people act, settle, then move the clock to the next event.
 */
export async function runInVirtualTime(options: {
  pool: pg.Pool;
  clock: Clock;
  advance: (milliseconds: number) => Promise<void>;
  people: { act(): Promise<number>; nextActionAt(): number | undefined };
  done: () => Promise<boolean>;
  limit: number;
  onStep?: (run: VirtualRun) => void;
}): Promise<VirtualRun> {
  const { pool, clock } = options;
  const started = performance.now();
  const virtualStart = clock.now();
  const run = () => ({
    steps,
    virtualDays: (clock.now() - virtualStart) / day,
    wallSeconds: (performance.now() - started) / 1000,
  });
  let steps = 0;
  for (;;) {
    await settle(pool, clock);
    await options.people.act();
    await settle(pool, clock);
    if ((await options.done()) || clock.now() > options.limit) return run();
    const now = clock.now();
    await options.advance((await nextEventAt(pool, now, options.people.nextActionAt())) - now);
    steps += 1;
    options.onStep?.(run());
  }
}
