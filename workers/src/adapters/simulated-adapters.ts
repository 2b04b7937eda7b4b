/**
 * All three simulators at once, for `npm start` and the tests: what the workers get until real
 * SIAK, printing-line and gateway implementations are plugged in (docs/adapters.md).
 */
import type { Clock } from '../../../platform/src/clock.js';
import { defaultCalendar, type WorkCalendar } from '../domain/work-calendar.js';
import type { CentralRegistry } from './central-registry.js';
import { createCentralRegistrySimulator } from './central-registry-simulator.js';
import type { Notifier } from './notifier.js';
import { createNotifierSimulator } from './notifier-simulator.js';
import type { PrintingLine } from './printing-line.js';
import { createPrintingLineSimulator } from './printing-line-simulator.js';
import type { SimulatorConfig } from './simulator-config.js';

/** The external systems the workers call, each behind its contract. */
export interface Adapters {
  centralRegistry: CentralRegistry;
  printingLine: PrintingLine;
  notifier: Notifier;
}

/**
 * @param calendar the office calendar, so working-day delays skip the same holidays as the
 *   service levels do.
 */
export function createSimulatedAdapters(
  config: SimulatorConfig,
  clock: Clock,
  calendar: WorkCalendar = defaultCalendar(),
): Adapters {
  return {
    centralRegistry: createCentralRegistrySimulator(config, clock, calendar),
    printingLine: createPrintingLineSimulator(config, clock),
    notifier: createNotifierSimulator(config, clock),
  };
}
