/** Steps several process tests share: stocking blanko, letting days pass, walking a resident to the counter. */
import { settle as settleJobs } from '../../helpers/virtual-time.js';
import { day, type OpenTask, type ProcessHarness } from './process-harness.js';

/** Blanko at the Dinas, as a delivery would leave them. */
export async function stockBlanko(harness: ProcessHarness, quantity: number): Promise<void> {
  await harness.db.pool.query(
    `update app.stock set on_hand = on_hand + $1 where location_code = '15.71' and item = 'BLANKO'`,
    [quantity],
  );
}

/** Waits until no service job is pending: what the last step released has run. */
export async function settle(harness: ProcessHarness): Promise<void> {
  await settleJobs(harness.db.pool, harness.clock);
}

/** Moves a day at a time until `probe` holds (the central clearance polls once a day). */
export async function daysUntil<T>(
  harness: ProcessHarness,
  what: string,
  probe: () => Promise<T | undefined | false>,
  maxDays = 40,
): Promise<T> {
  await settle(harness);
  for (let n = 0; n < maxDays; n++) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    await harness.advance(day);
    await settle(harness);
  }
  throw new Error(`${what} did not happen within ${maxDays} days`);
}

export async function openTaskExists(
  harness: ProcessHarness,
  elementId: string,
  nik: string,
): Promise<boolean> {
  const { rows } = await harness.db.pool.query(
    `select 1 from app.tasks where element_id = $1 and state = 'CREATED' and variables->>'nik' = $2`,
    [elementId, nik],
  );
  return rows.length > 0;
}

/** The counter and the operator record a walk-in resident without trouble. */
export async function recordAtCounter(harness: ProcessHarness, nik: string): Promise<void> {
  const check = await harness.task('check-requirements', { nik });
  await harness.complete(check, { requirementsOutcome: 'COMPLETE' }, 'loket-1');
  const capture = await harness.task('capture', { nik });
  await harness.complete(capture, { captureOutcome: 'CAPTURED' }, 'operator-1');
}

/** From the resident's arrival to the card waiting at the counter: the handover task. */
export async function walkToHandover(harness: ProcessHarness, nik: string): Promise<OpenTask> {
  await harness.requestLifecycle(nik);
  await recordAtCounter(harness, nik);
  await daysUntil(harness, 'the card at the counter', () =>
    openTaskExists(harness, 'handover', nik),
  );
  return harness.task('handover', { nik });
}
