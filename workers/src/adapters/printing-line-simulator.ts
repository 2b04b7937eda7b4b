/**
 * SIMULATOR of the Dinas printing line: prints, spoils and breaks down as configured, and delivers
 * blanko on a fixed schedule. Used by the demo and the tests; the real line cannot be reached.
 *
 * Stateless: a card's fate is drawn from (seed, NIK, attempt), the printer's breakdowns from
 * (seed, time window), and deliveries follow the calendar, so a restart or a clock moved forward
 * by days changes nothing.
 */
import type { Clock } from '../../../platform/src/clock.js';
import { drawsFor, hexOf, uniform } from './deterministic-random.js';
import {
  defectCauses,
  printDefects,
  type BlankoDelivery,
  type DefectCause,
  type PrintDefect,
  type PrintingLine,
  type PrintResult,
} from './printing-line.js';
import { simulatedLatency } from './simulated-latency.js';
import type { SimulatorConfig } from './simulator-config.js';

const minute = 60_000;
const day = 24 * 60 * minute;

const defectsBy = (cause: DefectCause): PrintDefect[] =>
  printDefects.filter((defect) => defectCauses[defect] === cause);
const dataDefects = defectsBy('SIAK_DATA_WRONG');
const machineDefects = defectsBy('PRINT_DEFECT');

export function createPrintingLineSimulator(
  config: SimulatorConfig,
  clock: Clock,
): SimulatedPrintingLine {
  return new SimulatedPrintingLine(config, clock);
}

export class SimulatedPrintingLine implements PrintingLine {
  constructor(
    private readonly config: SimulatorConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * The outcome is drawn per card (NIK + attempt) and the serial per job, so a repeat of the job
   * answers the same; `printedAt` is the time of the call, which a stateless simulator cannot
   * remember (a real line answers the first print's time).
   */
  async printCard(job: { printJobId: string; nik: string; attempt: number }): Promise<PrintResult> {
    await simulatedLatency(this.config.latencyMs);
    const settings = this.config.printingLine;
    const now = this.clock.now();
    if (this.isDown(now)) return { outcome: 'UNAVAILABLE' };

    const draw = drawsFor(this.config.seed, 'print', job.nik, job.attempt);
    if (draw('defect') < settings.defectRate) {
      const cause: DefectCause =
        draw('cause') < settings.dataDefectShare ? 'SIAK_DATA_WRONG' : 'PRINT_DEFECT';
      const candidates = cause === 'SIAK_DATA_WRONG' ? dataDefects : machineDefects;
      const defect = candidates[Math.floor(draw('which') * candidates.length)] as PrintDefect;
      return { outcome: 'DEFECT', defect, cause };
    }
    return {
      outcome: 'PRINTED',
      cardSerial: `SIM${hexOf(13, this.config.seed, 'card', job.printJobId)}`,
      printedAt: now,
    };
  }

  /** Whether the printer is down in the window holding `instant`: one machine, down for all jobs. */
  isDown(instant: number): boolean {
    const { downRate, downWindowMinutes } = this.config.printingLine;
    const window = Math.floor(instant / (downWindowMinutes * minute));
    return uniform(this.config.seed, 'printer-down', window) < downRate;
  }

  async blankoDeliveries({ from, to }: { from: number; to: number }): Promise<BlankoDelivery[]> {
    await simulatedLatency(this.config.latencyMs);
    const { firstDeliveryAt, intervalDays, quantity, gapFrom, gapDays } = this.config.blanko;
    const interval = intervalDays * day;
    const inGap = (at: number) =>
      gapFrom !== undefined && at >= gapFrom && at < gapFrom + gapDays * day;

    const deliveries: BlankoDelivery[] = [];
    const firstInWindow = Math.max(0, Math.ceil((from - firstDeliveryAt) / interval));
    for (let index = firstInWindow; ; index += 1) {
      const at = firstDeliveryAt + index * interval;
      if (at >= to) break;
      if (at < from || inGap(at) || quantity === 0) continue;
      // Numbered from the first delivery, so the id of a delivery never depends on the window.
      deliveries.push({
        deliveryId: `sim-blanko-${String(index + 1).padStart(4, '0')}`,
        arrivesAt: at,
        quantity,
      });
    }
    return deliveries;
  }
}
