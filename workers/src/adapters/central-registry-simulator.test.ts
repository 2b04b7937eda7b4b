import { ControlledClock } from '../../../platform/src/clock.js';
import { defaultCalendar } from '../domain/work-calendar.js';
import {
  clearanceStatuses,
  finalClearanceStatuses,
  type BiodataField,
  type ClearanceStatus,
} from './central-registry.js';
import {
  createCentralRegistrySimulator,
  planClearance,
  type ClearanceFate,
} from './central-registry-simulator.js';
import { simulatorConfigSchema, type SimulatorConfigInput } from './simulator-config.js';

const minute = 60_000;
const day = 24 * 60 * minute;
const wib = (local: string) => Date.parse(`${local}+07:00`);
// Distinct NIK-shaped keys of Kecamatan Jelutung (15.71.08); the simulator does not check them.
const nikOf = (i: number) =>
  `1571080101${String(i % 100).padStart(2, '0')}${String(1 + Math.floor(i / 100)).padStart(4, '0')}`;
const keys = Array.from({ length: 10_000 }, (_, i) => ({ nik: nikOf(i), attempt: 1 }));

// Sampling error of a share over n draws, times five: wide enough for any seed, tight enough to
// catch a rate read from the wrong setting.
const expectShare = (count: number, n: number, rate: number) =>
  expect(Math.abs(count / n - rate)).toBeLessThan(5 * Math.sqrt((rate * (1 - rate)) / n) + 0.001);

function setUp(input: SimulatorConfigInput = {}, startAt = wib('2026-12-01T10:00')) {
  const config = simulatorConfigSchema.parse(input);
  const clock = new ControlledClock();
  clock.pin(startAt);
  const registry = createCentralRegistrySimulator(config, clock, defaultCalendar());
  return { config, clock, registry };
}

describe('adapters - central registry simulator', () => {
  describe('lookupStatus', () => {
    it('should find most residents unregistered and the configured share recorded elsewhere', async () => {
      // given
      const { registry } = setUp({ centralRegistry: { alreadyRecordedRate: 0.02 } });

      // when
      const answers = await Promise.all(keys.map((key) => registry.lookupStatus(key.nik)));

      // then
      const recorded = answers.filter((a) => a.enrollmentStatus === 'PRINT_READY_RECORD').length;
      const unregistered = answers.filter((a) => a.enrollmentStatus === 'UNREGISTERED').length;
      expect(recorded + unregistered).toBe(keys.length);
      expectShare(recorded, keys.length, 0.02);
    });

    it('should answer the same for the same seed and differently for another seed', async () => {
      // given
      const first = setUp({ seed: 'a', centralRegistry: { alreadyRecordedRate: 0.5 } }).registry;
      const again = setUp({ seed: 'a', centralRegistry: { alreadyRecordedRate: 0.5 } }).registry;
      const other = setUp({ seed: 'b', centralRegistry: { alreadyRecordedRate: 0.5 } }).registry;
      const sample = keys.slice(0, 100);

      // when
      const answers = async (registry: typeof first) =>
        Promise.all(sample.map(async (k) => (await registry.lookupStatus(k.nik)).enrollmentStatus));

      // then
      expect(await answers(again)).toEqual(await answers(first));
      expect(await answers(other)).not.toEqual(await answers(first));
    });
  });

  describe('submitEnrolment', () => {
    it('should meet a down line for the configured share of submissions', async () => {
      // given: each enrolment is submitted at the moment of capture
      const { clock, registry } = setUp({ centralRegistry: { submitFailureRate: 0.05 } });
      const capturedAt = clock.now();

      // when
      const results = await Promise.all(
        keys.map((key) => registry.submitEnrolment({ ...key, capturedAt })),
      );

      // then
      const unreachable = results.filter((r) => !r.ok).length;
      expectShare(unreachable, keys.length, 0.05);
      for (const result of results) {
        if (result.ok) expect(result.submittedAt).toBe(capturedAt);
        else expect(result.reason).toBe('UNREACHABLE');
      }
    });

    it('should let every retry through once the longest outage is over, dated when the line came back', async () => {
      // given: enrolments that met a down line at capture
      const { clock, registry } = setUp({
        centralRegistry: { submitFailureRate: 0.05, submitOutageMinutes: { min: 30, max: 240 } },
      });
      const capturedAt = clock.now();
      const failed: typeof keys = [];
      for (const key of keys.slice(0, 2000)) {
        if (!(await registry.submitEnrolment({ ...key, capturedAt })).ok) failed.push(key);
      }
      expect(failed.length).toBeGreaterThan(0);

      // when: retried four hours later, and once more after that
      clock.add(240 * minute);
      const retries = await Promise.all(
        failed.map((key) => registry.submitEnrolment({ ...key, capturedAt })),
      );
      clock.add(3 * day);
      const repeats = await Promise.all(
        failed.map((key) => registry.submitEnrolment({ ...key, capturedAt })),
      );

      // then
      for (const retry of retries) {
        if (!retry.ok) throw new Error('a retry after the longest outage was refused');
        expect(retry.submittedAt).toBeGreaterThanOrEqual(capturedAt + 30 * minute);
        expect(retry.submittedAt).toBeLessThanOrEqual(capturedAt + 240 * minute);
      }
      expect(repeats).toEqual(retries);
    });
  });

  describe('enrolmentStatus', () => {
    it('should draw fates at the configured rates', () => {
      // given
      const { config } = setUp({
        centralRegistry: {
          fates: {
            enrolFailureAtCentral: 0.02,
            enrolFailureAtRegional: 0.01,
            adjudication: 0.03,
            duplicate: 0.01,
            requestValidation: 0.02,
          },
          slowClearanceRate: 0.1,
        },
      });

      // when
      const plans = keys.map((key) => planClearance(config, defaultCalendar(), key, 0));

      // then
      const count = (fate: ClearanceFate) => plans.filter((p) => p.fate === fate).length;
      expectShare(count('ENROLL_FAILURE_AT_CENTRAL'), keys.length, 0.02);
      expectShare(count('ENROLL_FAILURE_AT_REGIONAL'), keys.length, 0.01);
      expectShare(count('ADJUDICATE_RECORD'), keys.length, 0.03);
      expectShare(count('DUPLICATE_RECORD'), keys.length, 0.01);
      expectShare(count('REQUEST_VALIDATION'), keys.length, 0.02);
      expectShare(count('PRINT_READY_RECORD'), keys.length, 0.91);
      expectShare(plans.filter((p) => p.slow).length, keys.length, 0.1);
    });

    it('should settle, long after submission, on PRR or a final failure, adjudications resolved', async () => {
      // given
      const { clock, registry } = setUp({
        centralRegistry: {
          fates: { adjudication: 0.05, duplicate: 0.3, requestValidation: 0 },
          duplicateOneToManyShare: 0.2,
        },
      });
      const submittedAt = clock.now();

      // when
      clock.add(400 * day);
      const answers = await Promise.all(
        keys.map((key) => registry.enrolmentStatus({ ...key, submittedAt })),
      );

      // then
      const count = (status: ClearanceStatus) => answers.filter((a) => a.status === status).length;
      expect(count('ADJUDICATE_RECORD')).toBe(0);
      expect(answers.every((a) => finalClearanceStatuses.has(a.status))).toBe(true);
      expectShare(count('PRINT_READY_RECORD'), keys.length, 1 - 0.02 - 0.01 - 0.3);
      const duplicates = answers.filter((a) => a.status === 'DUPLICATE_RECORD');
      expectShare(duplicates.length, keys.length, 0.3);
      const oneToMany = duplicates.filter((a) => a.duplicateKind === 'ONE_TO_MANY').length;
      expectShare(oneToMany, duplicates.length, 0.2);
      expect(duplicates.every((a) => a.duplicateKind !== undefined)).toBe(true);
      expect(answers.filter((a) => a.duplicateKind !== undefined)).toHaveLength(duplicates.length);
    });

    it('should only move forward, day by day, under a controlled clock', async () => {
      // given: high failure rates, so that every path is walked
      const { clock, registry } = setUp({
        centralRegistry: {
          fates: {
            enrolFailureAtCentral: 0.1,
            enrolFailureAtRegional: 0.1,
            adjudication: 0.2,
            duplicate: 0.1,
            requestValidation: 0.1,
          },
          slowClearanceRate: 0.2,
        },
      });
      const sample = keys.slice(0, 200);
      const submittedAt = clock.now();
      const rank = (status: ClearanceStatus) =>
        status === 'SENT_FOR_ENROLLMENT'
          ? 0
          : status === 'RECEIVED_AT_CENTRAL'
            ? 1
            : status === 'ADJUDICATE_RECORD'
              ? 2
              : 3;
      const last = sample.map(() => ({ status: 'SENT_FOR_ENROLLMENT', changedAt: submittedAt }));
      const seen = new Set<ClearanceStatus>();
      const backwards: string[] = [];

      // when
      for (let days = 0; days <= 200; days += 1) {
        const answers = await Promise.all(
          sample.map((key) => registry.enrolmentStatus({ ...key, submittedAt })),
        );
        answers.forEach((answer, i) => {
          const before = last[i] as { status: ClearanceStatus; changedAt: number };
          seen.add(answer.status);
          if (
            answer.changedAt > clock.now() ||
            answer.changedAt < before.changedAt ||
            rank(answer.status) < rank(before.status) ||
            (finalClearanceStatuses.has(before.status) && answer.status !== before.status)
          ) {
            backwards.push(`day ${days}, ${sample[i]?.nik}: ${before.status} → ${answer.status}`);
          }
          last[i] = { ...answer };
        });
        clock.add(day);
      }

      // then
      expect(backwards).toEqual([]);
      expect([...seen].sort()).toEqual([...clearanceStatuses].sort());
    });

    it('should keep SENT_FOR_ENROLLMENT, then RECEIVED_AT_CENTRAL, for the configured days', () => {
      // given: calendar days, no failures, no slow queue
      const { config } = setUp({
        dayKind: 'calendar',
        centralRegistry: {
          sentToReceivedDays: { min: 1, max: 3 },
          receivedToPrrDays: { min: 1, max: 14 },
          slowClearanceRate: 0,
          fates: {
            enrolFailureAtCentral: 0,
            enrolFailureAtRegional: 0,
            adjudication: 0,
            duplicate: 0,
            requestValidation: 0,
          },
        },
      });

      // when
      const plans = keys
        .slice(0, 2000)
        .map((key) => planClearance(config, defaultCalendar(), key, 0));

      // then
      const waits = plans.map(({ steps }) => {
        const [sent, received, prr] = steps.map((step) => step.at / day);
        expect(steps.map((step) => step.status)).toEqual([
          'SENT_FOR_ENROLLMENT',
          'RECEIVED_AT_CENTRAL',
          'PRINT_READY_RECORD',
        ]);
        return { toReceived: (received ?? 0) - (sent ?? 0), toPrr: (prr ?? 0) - (received ?? 0) };
      });
      expect(new Set(waits.map((w) => w.toReceived))).toEqual(new Set([1, 2, 3]));
      expect(Math.min(...waits.map((w) => w.toPrr))).toBe(1);
      expect(Math.max(...waits.map((w) => w.toPrr))).toBe(14);
    });

    it('should count working days over the weekend and holidays', async () => {
      // given: one working day to receive, and Christmas on Friday 2026-12-25
      const submittedAt = wib('2026-12-24T10:00'); // Thursday
      const { clock, registry } = setUp(
        {
          centralRegistry: {
            sentToReceivedDays: { min: 1, max: 1 },
            fates: { enrolFailureAtRegional: 0 },
          },
        },
        submittedAt,
      );
      const calendarWithChristmas = createCentralRegistrySimulator(
        simulatorConfigSchema.parse({
          centralRegistry: {
            sentToReceivedDays: { min: 1, max: 1 },
            fates: { enrolFailureAtRegional: 0 },
          },
        }),
        clock,
        defaultCalendar(['2026-12-25']),
      );
      const key = keys[0] as (typeof keys)[number];

      // when: on Monday morning
      clock.pin(wib('2026-12-28T09:00'));

      // then
      expect(await registry.enrolmentStatus({ ...key, submittedAt })).toEqual({
        status: 'RECEIVED_AT_CENTRAL',
        changedAt: wib('2026-12-25T10:00'),
      });
      expect(await calendarWithChristmas.enrolmentStatus({ ...key, submittedAt })).toEqual({
        status: 'SENT_FOR_ENROLLMENT',
        changedAt: submittedAt,
      });
    });

    it('should answer the same for the same enrolment, and differ between seeds', async () => {
      // given
      const at = (seed: string) => {
        const { clock, registry } = setUp({ seed });
        const submittedAt = clock.now();
        clock.add(10 * day);
        return Promise.all(
          keys.slice(0, 200).map((key) => registry.enrolmentStatus({ ...key, submittedAt })),
        );
      };

      // then
      expect(await at('a')).toEqual(await at('a'));
      expect(await at('b')).not.toEqual(await at('a'));
    });

    it('should draw a new fate for a new attempt of the same NIK', () => {
      // given
      const { config } = setUp({ centralRegistry: { fates: { duplicate: 0.5 } } });
      const nik = nikOf(7);

      // when
      const fates = Array.from(
        { length: 20 },
        (_, attempt) => planClearance(config, defaultCalendar(), { nik, attempt }, 0).fate,
      );

      // then
      expect(new Set(fates).size).toBeGreaterThan(1);
    });
  });

  describe('updateBiodata', () => {
    it('should accept a correction of printed fields, twice alike', async () => {
      // given
      const { registry } = setUp({ centralRegistry: { submitFailureRate: 0 } });
      const update = {
        nik: nikOf(1),
        fields: { name: 'SITI AMINAH', birthPlace: 'JAMBI', birthDate: '2008-02-29' },
      };

      // then
      expect(await registry.updateBiodata(update)).toEqual({ ok: true });
      expect(await registry.updateBiodata(update)).toEqual({ ok: true });
    });

    it.each([
      [{}, 'tidak ada data yang diubah'],
      [{ nickname: 'Ani' }, 'elemen data tidak dikenal: nickname'],
      [{ name: '  ' }, 'elemen data kosong: name'],
      [{ birthDate: '2007-02-29' }, 'tanggal lahir 2007-02-29 tidak valid (format YYYY-MM-DD)'],
      [{ birthDate: '29-02-2008' }, 'tanggal lahir 29-02-2008 tidak valid (format YYYY-MM-DD)'],
    ])('should reject %j', async (fields, detail) => {
      // given
      const { registry } = setUp();

      // then
      // Job variables are not checked against the type: an unknown field can reach the adapter.
      const untyped = fields as Partial<Record<BiodataField, string>>;
      expect(await registry.updateBiodata({ nik: nikOf(1), fields: untyped })).toEqual({
        ok: false,
        reason: 'REJECTED',
        detail,
      });
    });

    it('should be unreachable in the hours the line is down, and get through later', async () => {
      // given: the line is down for half of the hours
      const { clock, registry } = setUp({ centralRegistry: { submitFailureRate: 0.5 } });
      const update = { nik: nikOf(2), fields: { address: 'JL. KAPTEN PATTIMURA NO. 12' } };

      // when: tried every hour for a day
      const answers = [];
      for (let hour = 0; hour < 24; hour += 1) {
        answers.push(await registry.updateBiodata(update));
        clock.add(60 * minute);
      }

      // then
      expect(answers).toContainEqual({ ok: true });
      expect(answers).toContainEqual({ ok: false, reason: 'UNREACHABLE' });
    });
  });
});
