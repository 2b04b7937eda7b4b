import type { UnaryHandler } from './unary.js';

/** One broker that leads the one partition: the embedded engine is a single-partition cluster. */
export function topology(address: { host: string; port: number }): UnaryHandler {
  return () =>
    Promise.resolve({
      brokers: [
        {
          nodeId: 0,
          host: address.host,
          port: address.port,
          partitions: [{ partitionId: 1, role: 'LEADER', health: 'HEALTHY' }],
          version: '8.5.0',
        },
      ],
      clusterSize: 1,
      partitionsCount: 1,
      replicationFactor: 1,
      gatewayVersion: '8.5.0',
    });
}
