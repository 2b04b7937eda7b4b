import { useEngine } from './support.js';

const engine = useEngine();

describe('Topology', () => {
  it('should describe at least one broker and one partition', async () => {
    // when
    const topology = await engine.client.topology();

    // then
    expect(topology.brokers.length).toBeGreaterThanOrEqual(1);
    expect(topology.partitionsCount).toBeGreaterThanOrEqual(1);
    expect(topology.clusterSize).toBeGreaterThanOrEqual(1);
  });
});
