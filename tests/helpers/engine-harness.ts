/**
 * The engine a conformance test talks to, only ever through the official `@camunda8/sdk` client:
 * - with ZEEBE_GRPC_ADDRESS set, a real Zeebe gateway (the suite then checks our engine against
 *   Zeebe's behaviour);
 * - otherwise the embedded engine, started in this process on a free port with a fresh database.
 */
import type { Zeebe } from '@camunda8/sdk';

import { createZeebeClient } from '../../platform/src/zeebe-client.js';

export interface TestEngine {
  /** `grpc://host:port` of the gateway under test. */
  address: string;
  /** An SDK client connected to it (plaintext, no auth). */
  client: Zeebe.ZeebeGrpcClient;
  /** True when the engine under test is the embedded one (tests of its own extras check this). */
  embedded: boolean;
  /**
   * Keys of an instance's unresolved incidents. The gateway protocol cannot list incidents (only
   * Zeebe's exporters see them), so only the embedded engine offers this, from its tables.
   */
  incidentKeys?: (processInstanceKey: string) => Promise<string[]>;
  /**
   * The engine's clock, for timer scenarios. Only the embedded engine offers it here; each call
   * resolves once the timers that became due have fired.
   */
  clock?: TestClock;
  /** Closes the client and, for the embedded engine, stops it and drops its database. */
  stop(): Promise<void>;
}

export interface TestClock {
  /** The engine's current time (epoch ms). */
  now(): number;
  /** Pins the clock at an instant. */
  pin(timestamp: number): Promise<void>;
  /** Moves the clock forward. */
  add(milliseconds: number): Promise<void>;
  /** Back to the system clock. */
  reset(): Promise<void>;
}

export { createZeebeClient as createClient } from '../../platform/src/zeebe-client.js';

export async function startTestEngine(): Promise<TestEngine> {
  const external = process.env.ZEEBE_GRPC_ADDRESS;
  if (external) {
    const client = createZeebeClient(external);
    return {
      address: external,
      client,
      embedded: false,
      stop: async () => {
        await client.close();
      },
    };
  }
  const { startEmbeddedTestEngine } = await import('./embedded-test-engine.js');
  return startEmbeddedTestEngine();
}
