import { ControlledClock } from '../../../platform/src/clock.js';
import { defectCauses, printDefects, type PrintResult } from './printing-line.js';
import { createPrintingLineSimulator } from './printing-line-simulator.js';
import { simulatorConfigSchema, type SimulatorConfigInput } from './simulator-config.js';

const minute = 60_000;
const day = 24 * 60 * minute;
const wib = (local: string) => Date.parse(`${local}+07:00`);
const nikOf = (i: number) =>
  `1571080101${String(i % 100).padStart(2, '0')}${String(1 + Math.floor(i / 100)).padStart(4, '0')}`;
const jobs = Array.from({ length: 10_000 }, (_, i) => ({
  printJobId: `print-${i}`,
  nik: nikOf(i),
  attempt: 1,
}));

const expectShare = (count: number, n: number, rate: number) =>
  expect(Math.abs(count / n - rate)).toBeLessThan(5 * Math.sqrt((rate * (1 - rate)) / n) + 0.001);

function setUp(input: SimulatorConfigInput = {}, startAt = wib('2026-12-01T10:00')) {
  const config = simulatorConfigSchema.parse(input);
  const clock = new ControlledClock();
  clock.pin(startAt);
  return { config, clock, line: createPrintingLineSimulator(config, clock) };
}

describe('adapters - printing line simulator', () => {
  describe('printCard', () => {
    it('should spoil the configured share of cards, split between SIAK data and the machine', async () => {
      // given: a printer that never breaks down
      const { line } = setUp({
        printingLine: { defectRate: 0.03, dataDefectShare: 0.5, downRate: 0 },
      });

      // when
      const results = await Promise.all(jobs.map((job) => line.printCard(job)));

      // then
      const defects = results.filter((r) => r.outcome === 'DEFECT');
      expectShare(defects.length, jobs.length, 0.03);
      const fromData = defects.filter((d) => d.cause === 'SIAK_DATA_WRONG').length;
      expectShare(fromData, defects.length, 0.5);
      for (const defect of defects) expect(defectCauses[defect.defect]).toBe(defect.cause);
      expect(new Set(defects.map((d) => d.defect))).toEqual(new Set(printDefects));
      expect(results.filter((r) => r.outcome === 'UNAVAILABLE')).toHaveLength(0);
    });

    it('should answer a repeated job the same, and a reprint with a fresh draw', async () => {
      // given
      const { line } = setUp({ printingLine: { defectRate: 0.5, downRate: 0 } });
      const sample = jobs.slice(0, 200);

      // when
      const first = await Promise.all(sample.map((job) => line.printCard(job)));
      const repeat = await Promise.all(sample.map((job) => line.printCard(job)));
      const reprints = await Promise.all(
        sample.map((job) =>
          line.printCard({ ...job, printJobId: `${job.printJobId}-r`, attempt: 2 }),
        ),
      );

      // then
      expect(repeat).toEqual(first);
      expect(reprints.map((r) => r.outcome)).not.toEqual(first.map((r) => r.outcome));
      const serials = first.flatMap((r) => (r.outcome === 'PRINTED' ? [r.cardSerial] : []));
      expect(new Set(serials).size).toBe(serials.length);
      for (const serial of serials) expect(serial).toMatch(/^SIM[0-9A-F]{13}$/);
    });

    it('should print at the time of the call', async () => {
      // given
      const { clock, line } = setUp({ printingLine: { defectRate: 0, downRate: 0 } });
      clock.add(3 * day);

      // then
      expect(await line.printCard(jobs[0] as (typeof jobs)[number])).toMatchObject({
        outcome: 'PRINTED',
        printedAt: clock.now(),
      });
    });

    it('should differ between seeds', async () => {
      const outcomes = async (seed: string) => {
        const { line } = setUp({ seed, printingLine: { defectRate: 0.5, downRate: 0 } });
        const results = await Promise.all(jobs.slice(0, 100).map((job) => line.printCard(job)));
        return results.map((r: PrintResult) => r.outcome);
      };
      expect(await outcomes('a')).toEqual(await outcomes('a'));
      expect(await outcomes('b')).not.toEqual(await outcomes('a'));
    });

    it('should be down for the configured share of hours', () => {
      // given
      const { clock, line } = setUp({ printingLine: { downRate: 0.02, downWindowMinutes: 60 } });
      const hours = 10_000;

      // when
      let downHours = 0;
      for (let hour = 0; hour < hours; hour += 1) {
        if (line.isDown(clock.now())) downHours += 1;
        clock.add(60 * minute);
      }

      // then
      expectShare(downHours, hours, 0.02);
    });

    it('should answer UNAVAILABLE to every job while down, and print once it is back', async () => {
      // given: an hour in which the printer is down
      const { clock, line } = setUp({ printingLine: { downRate: 0.2, defectRate: 0 } });
      while (!line.isDown(clock.now())) clock.add(60 * minute);

      // when
      const whileDown = await Promise.all(jobs.slice(0, 20).map((job) => line.printCard(job)));
      while (line.isDown(clock.now())) clock.add(60 * minute);
      const afterwards = await Promise.all(jobs.slice(0, 20).map((job) => line.printCard(job)));

      // then
      expect(whileDown.every((r) => r.outcome === 'UNAVAILABLE')).toBe(true);
      expect(afterwards.every((r) => r.outcome === 'PRINTED')).toBe(true);
    });
  });

  describe('blankoDeliveries', () => {
    const schedule = {
      firstDeliveryAt: '2026-01-05T10:00:00+07:00',
      intervalDays: 14,
      quantity: 700,
    };

    it('should deliver on the schedule within the window, the end excluded', async () => {
      // given
      const { line } = setUp({ blanko: schedule });

      // when
      const deliveries = await line.blankoDeliveries({
        from: wib('2026-01-01T00:00'),
        to: wib('2026-02-02T10:00'), // the third delivery is due exactly at the end
      });

      // then
      expect(deliveries).toEqual([
        { deliveryId: 'sim-blanko-0001', arrivesAt: wib('2026-01-05T10:00'), quantity: 700 },
        { deliveryId: 'sim-blanko-0002', arrivesAt: wib('2026-01-19T10:00'), quantity: 700 },
      ]);
    });

    it('should deliver nothing before the first delivery or in an empty window', async () => {
      // given
      const { line } = setUp({ blanko: schedule });

      // then
      expect(
        await line.blankoDeliveries({ from: wib('2025-06-01T00:00'), to: wib('2026-01-05T10:00') }),
      ).toEqual([]);
      expect(
        await line.blankoDeliveries({ from: wib('2026-03-01T00:00'), to: wib('2026-02-01T00:00') }),
      ).toEqual([]);
    });

    it('should neither repeat nor miss a delivery across adjacent windows', async () => {
      // given: a year cut into windows of 5 days and 7 hours
      const { line } = setUp({ blanko: schedule });
      const start = wib('2026-01-01T00:00');
      const end = wib('2027-01-01T00:00');
      const step = 5 * day + 7 * 60 * minute;

      // when
      const pieces = [];
      for (let from = start; from < end; from += step) {
        pieces.push(...(await line.blankoDeliveries({ from, to: Math.min(from + step, end) })));
      }
      const whole = await line.blankoDeliveries({ from: start, to: end });

      // then
      expect(pieces).toEqual(whole);
      expect(whole).toHaveLength(26);
      expect(new Set(whole.map((d) => d.deliveryId)).size).toBe(whole.length);
    });

    it('should skip the deliveries of a stock-out gap', async () => {
      // given: no blanko for 60 days from 1 March 2026
      const { line } = setUp({
        blanko: { ...schedule, gapFrom: '2026-03-01T00:00:00+07:00', gapDays: 60 },
      });

      // when
      const deliveries = await line.blankoDeliveries({
        from: wib('2026-02-01T00:00'),
        to: wib('2026-06-01T00:00'),
      });

      // then: 2 Feb, 16 Feb, then nothing until 11 May
      expect(deliveries.map((d) => [d.deliveryId, new Date(d.arrivesAt).toISOString()])).toEqual([
        ['sim-blanko-0003', '2026-02-02T03:00:00.000Z'],
        ['sim-blanko-0004', '2026-02-16T03:00:00.000Z'],
        ['sim-blanko-0010', '2026-05-11T03:00:00.000Z'],
        ['sim-blanko-0011', '2026-05-25T03:00:00.000Z'],
      ]);
    });
  });
});
