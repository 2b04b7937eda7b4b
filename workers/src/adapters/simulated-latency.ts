/**
 * Artificial latency for the simulators, so a demo or a load test can feel a slow link. It is real
 * time, not the product clock: a virtual clock moved forward by days should not wait for it.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export async function simulatedLatency(milliseconds: number): Promise<void> {
  if (milliseconds > 0) await sleep(milliseconds);
}
