import { drawsFor, hexOf, uniform, wholeBetween } from './deterministic-random.js';

describe('adapters - deterministic random', () => {
  it('should give the same draw for the same seed and key, and another for another seed', () => {
    expect(uniform('seed-a', '1571080101900001', 1)).toBe(uniform('seed-a', '1571080101900001', 1));
    expect(uniform('seed-a', '1571080101900001', 1)).not.toBe(
      uniform('seed-b', '1571080101900001', 1),
    );
  });

  it('should keep the parts of a key apart', () => {
    expect(uniform('s', 'ab', 'c')).not.toBe(uniform('s', 'a', 'bc'));
    expect(uniform('s', 1)).not.toBe(uniform('s', '1'));
  });

  it('should draw independently per label for one key', () => {
    // given
    const draw = drawsFor('s', 'nik', 1);

    // then
    expect(draw('fate')).toBe(uniform('s', 'nik', 1, 'fate'));
    expect(draw('fate')).not.toBe(draw('delay'));
  });

  it('should spread draws evenly over [0, 1)', () => {
    // given
    const draws = Array.from({ length: 10_000 }, (_, i) => uniform('spread', i));

    // then
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    const deciles = new Array<number>(10).fill(0);
    for (const u of draws) deciles[Math.floor(u * 10)] = (deciles[Math.floor(u * 10)] ?? 0) + 1;
    for (const count of deciles) expect(Math.abs(count - 1000)).toBeLessThan(150);
  });

  it('should pick whole numbers with both ends included', () => {
    expect(wholeBetween(0, { min: 1, max: 3 })).toBe(1);
    expect(wholeBetween(0.999999, { min: 1, max: 3 })).toBe(3);
    expect(wholeBetween(0.5, { min: 4, max: 4 })).toBe(4);
  });

  it('should make fixed upper-case hex identifiers', () => {
    expect(hexOf(12, 's', 'job-1')).toMatch(/^[0-9A-F]{12}$/);
    expect(hexOf(12, 's', 'job-1')).toBe(hexOf(12, 's', 'job-1'));
    expect(hexOf(12, 's', 'job-1')).not.toBe(hexOf(12, 's', 'job-2'));
  });
});
