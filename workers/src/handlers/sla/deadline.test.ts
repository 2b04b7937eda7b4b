import {
  startHandlerHarness,
  type HandlerHarness,
} from '../../../../tests/helpers/handler-harness.js';
import { slaDeadline } from './deadline.js';

describe('ektp.sla.deadline', () => {
  let harness: HandlerHarness;

  beforeAll(async () => {
    harness = await startHandlerHarness();
  });

  afterAll(async () => {
    await harness.stop();
  });

  it('should count working days from the policy and name each escalation level', async () => {
    // given: Monday 2 March 2026, 09:00 WIB
    harness.clock.pin(Date.parse('2026-03-02T02:00:00Z'));

    // when
    const outcome = await harness.invoke(slaDeadline, {
      headers: { policy: 'INVITATION_DELIVER', variable: 'deliverSla' },
    });

    // then: 5 working days → Monday 9 March; the Lurah at 5, the Camat at 7 working days
    expect(outcome).toEqual({
      kind: 'complete',
      variables: {
        deliverSla: {
          policy: 'INVITATION_DELIVER',
          stepName: expect.any(String) as string,
          startedAt: '2026-03-02T02:00:00.000Z',
          dueAt: '2026-03-09T02:00:00.000Z',
          breachAt: '2026-03-09T02:00:00.000Z',
          levels: [
            { level: 1, at: '2026-03-09T02:00:00.000Z', group: 'lurah' },
            { level: 2, at: '2026-03-11T02:00:00.000Z', group: 'camat' },
          ],
        },
      },
    });
  });

  it('should move a deadline past a public holiday', async () => {
    // given: a holiday on Wednesday 4 March 2026 (a test holiday: the calendar is reloaded)
    const { forgetWorkCalendar } = await import('../support/work-calendar-store.js');
    await harness.db.pool.query(
      `insert into app.holidays (day, name, kind) values ('2026-03-04', 'Hari libur uji', 'LIBUR_NASIONAL') on conflict do nothing`,
    );
    forgetWorkCalendar(harness.db.pool);
    harness.clock.pin(Date.parse('2026-03-02T02:00:00Z'));

    // when
    const outcome = await harness.invoke(slaDeadline, {
      headers: { policy: 'INVITATION_SIGN', variable: 'signSla' },
    });

    // then: 2 working days from Monday skip Wednesday → Thursday
    expect(outcome.kind === 'complete' && outcome.variables.signSla?.dueAt).toBe(
      '2026-03-05T02:00:00.000Z',
    );
  });

  it('should count the working week of app.work_calendar', async () => {
    // given: the office also opens on Saturdays
    const { forgetWorkCalendar } = await import('../support/work-calendar-store.js');
    await harness.db.pool.query(`update app.work_calendar set working_weekdays = '{1,2,3,4,5,6}'`);
    forgetWorkCalendar(harness.db.pool);
    harness.clock.pin(Date.parse('2026-03-09T02:00:00Z'));

    // when: 5 working days from Monday 9 March
    const outcome = await harness.invoke(slaDeadline, {
      headers: { policy: 'INVITATION_DELIVER', variable: 'deliverSla' },
    });

    // then: Saturday 14 March, not Monday 16 March
    expect(outcome.kind === 'complete' && outcome.variables.deliverSla?.dueAt).toBe(
      '2026-03-14T02:00:00.000Z',
    );
    await harness.db.pool.query(`update app.work_calendar set working_weekdays = '{1,2,3,4,5}'`);
    forgetWorkCalendar(harness.db.pool);
  });

  it('should refuse an unknown policy with an incident naming it', async () => {
    const outcome = await harness.invoke(slaDeadline, {
      headers: { policy: 'NO_SUCH', variable: 'x' },
    });
    expect(outcome).toEqual({
      kind: 'fail',
      noRetry: true,
      message: expect.stringContaining("'NO_SUCH'") as string,
    });
  });
});
