import { ControlledClock } from '../../../platform/src/clock.js';
import { createSimulatedAdapters } from './simulated-adapters.js';
import { simulatorConfigSchema } from './simulator-config.js';

const day = 24 * 60 * 60_000;

describe('adapters - simulated adapters', () => {
  it('should move all three simulators with one controlled clock', async () => {
    // given: no failures anywhere, calendar days
    const clock = new ControlledClock();
    clock.pin(Date.parse('2026-12-01T10:00:00+07:00'));
    const { centralRegistry, printingLine, notifier } = createSimulatedAdapters(
      simulatorConfigSchema.parse({
        dayKind: 'calendar',
        centralRegistry: {
          submitFailureRate: 0,
          slowClearanceRate: 0,
          fates: {
            enrolFailureAtCentral: 0,
            enrolFailureAtRegional: 0,
            adjudication: 0,
            duplicate: 0,
            requestValidation: 0,
          },
        },
        printingLine: { defectRate: 0, downRate: 0 },
        notifier: { failureRate: 0 },
      }),
      clock,
    );
    const enrolment = { nik: '1571084101080001', attempt: 1 };
    const submitted = await centralRegistry.submitEnrolment({
      ...enrolment,
      capturedAt: clock.now(),
    });
    if (!submitted.ok) throw new Error('the line was down');

    // when: 18 days later, past the longest default clearance (3 + 14 days)
    clock.add(18 * day);

    // then
    expect(
      await centralRegistry.enrolmentStatus({ ...enrolment, submittedAt: submitted.submittedAt }),
    ).toMatchObject({ status: 'PRINT_READY_RECORD' });
    expect(await printingLine.printCard({ printJobId: 'job-1', ...enrolment })).toMatchObject({
      outcome: 'PRINTED',
      printedAt: clock.now(),
    });
    expect(
      await notifier.send({
        reference: 'job-1/CARD_READY',
        channel: 'SMS',
        to: { kind: 'RESIDENT', nik: enrolment.nik, phone: '081234567890' },
        template: 'CARD_READY',
        params: { name: 'Siti Aminah', place: 'Kantor Camat Jelutung', date: '21 Desember 2026' },
      }),
    ).toEqual({ delivered: true, sentAt: clock.now() });
  });

  it('should wait the artificial latency, in real time', async () => {
    // given
    const clock = new ControlledClock();
    clock.pin(0);
    const { centralRegistry } = createSimulatedAdapters(
      simulatorConfigSchema.parse({ latencyMs: 50 }),
      clock,
    );

    // when
    const started = performance.now();
    await centralRegistry.lookupStatus('1571084101080001');

    // then
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
    expect(clock.now()).toBe(0);
  });
});
