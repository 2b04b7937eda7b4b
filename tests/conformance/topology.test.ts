import { startTestEngine, type TestEngine } from '../helpers/engine-harness.js';

let engine: TestEngine;
beforeAll(async () => {
  engine = await startTestEngine();
});
afterAll(async () => {
  await engine.stop();
});

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
