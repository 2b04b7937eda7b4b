import { readFileSync } from 'node:fs';
import path from 'node:path';

import { ConfigError } from '../../../platform/src/config/config.js';
import { projectRoot } from '../../../platform/src/project-root.js';
import {
  readSimulatorConfig,
  simulatorConfigSchema,
  simulatorVariables,
} from './simulator-config.js';

describe('adapters - simulator config', () => {
  it('should default to rates and delays like the field study', () => {
    // when
    const config = readSimulatorConfig({});

    // then
    expect(config).toEqual(simulatorConfigSchema.parse({}));
    expect(config.seed).toBe('ektp-simulator');
    expect(config.latencyMs).toBe(0);
    expect(config.dayKind).toBe('working');
    expect(config.centralRegistry.sentToReceivedDays).toEqual({ min: 1, max: 3 });
    expect(config.centralRegistry.receivedToPrrDays).toEqual({ min: 1, max: 14 });
    expect(config.centralRegistry.fates.duplicate).toBe(0.01);
    expect(config.printingLine.defectRate).toBe(0.03);
    expect(config.blanko).toEqual({
      firstDeliveryAt: Date.parse('2025-01-06T10:00:00+07:00'),
      intervalDays: 14,
      quantity: 700,
      gapDays: 0,
    });
  });

  it('should read SIM_* variables: shares as decimals or percent, ranges as min-max', () => {
    // when
    const config = readSimulatorConfig({
      SIM_SEED: ' demo-2026 ',
      SIM_DUPLICATE_RATE: '2%',
      SIM_PRINT_DEFECT_RATE: '0.05',
      SIM_RECEIVED_TO_PRR_DAYS: '3 - 20',
      SIM_SENT_TO_RECEIVED_DAYS: '2',
      SIM_DAY_KIND: 'Calendar',
      SIM_BLANKO_GAP_FROM: '2026-10-01T00:00:00+07:00',
      SIM_BLANKO_GAP_DAYS: '60',
      SIM_LATENCY_MS: '',
    });

    // then
    expect(config.seed).toBe('demo-2026');
    expect(config.centralRegistry.fates.duplicate).toBeCloseTo(0.02);
    expect(config.printingLine.defectRate).toBe(0.05);
    expect(config.centralRegistry.receivedToPrrDays).toEqual({ min: 3, max: 20 });
    expect(config.centralRegistry.sentToReceivedDays).toEqual({ min: 2, max: 2 });
    expect(config.dayKind).toBe('calendar');
    expect(config.blanko.gapFrom).toBe(Date.parse('2026-09-30T17:00:00Z'));
    expect(config.blanko.gapDays).toBe(60);
    expect(config.latencyMs).toBe(0);
  });

  it.each([
    ['SIM_DUPLICATE_RATE', 'lots', 'SIM_DUPLICATE_RATE must be a share between 0 and 1'],
    ['SIM_DUPLICATE_RATE', '1.5', 'SIM_DUPLICATE_RATE must be a share between 0 and 1'],
    ['SIM_NOTIFY_FAILURE_RATE', '150%', 'SIM_NOTIFY_FAILURE_RATE must be a share between 0 and 1'],
    [
      'SIM_RECEIVED_TO_PRR_DAYS',
      '14-1',
      'SIM_RECEIVED_TO_PRR_DAYS must be a range of whole days like 1-3, the first not above the second (got "14-1")',
    ],
    [
      'SIM_SENT_TO_RECEIVED_DAYS',
      'a week',
      'SIM_SENT_TO_RECEIVED_DAYS must be a range of whole days like 1-3 (got "a week")',
    ],
    ['SIM_DAY_KIND', 'weekly', 'SIM_DAY_KIND must be working or calendar (got "weekly")'],
    ['SIM_LATENCY_MS', '-5', 'SIM_LATENCY_MS must be a whole number of milliseconds'],
    ['SIM_BLANKO_INTERVAL_DAYS', '0', 'SIM_BLANKO_INTERVAL_DAYS must be a whole number of days'],
    ['SIM_BLANKO_QUANTITY', '12.5', 'SIM_BLANKO_QUANTITY must be a whole number (got "12.5")'],
    [
      'SIM_BLANKO_FIRST_DELIVERY',
      '2026-01-05',
      'SIM_BLANKO_FIRST_DELIVERY must be an ISO date-time with its offset',
    ],
  ])('should refuse %s=%s with a message naming the variable', (variable, value, expected) => {
    // when
    const attempt = () => readSimulatorConfig({ [variable]: value });

    // then
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(expected);
  });

  it('should name every fate rate when together they exceed 1', () => {
    // when
    const attempt = () =>
      readSimulatorConfig({ SIM_DUPLICATE_RATE: '0.6', SIM_ADJUDICATION_RATE: '0.5' });

    // then
    expect(attempt).toThrow(
      'SIM_ENROL_FAILURE_CENTRAL_RATE, SIM_ENROL_FAILURE_REGIONAL_RATE, SIM_ADJUDICATION_RATE, ' +
        'SIM_DUPLICATE_RATE, SIM_REQUEST_VALIDATION_RATE must add up to at most 1',
    );
  });

  it('should ask for the blanko gap start and length together', () => {
    expect(() => readSimulatorConfig({ SIM_BLANKO_GAP_DAYS: '30' })).toThrow(
      'SIM_BLANKO_GAP_FROM, SIM_BLANKO_GAP_DAYS must be set together',
    );
  });

  it('should report every bad variable at once', () => {
    try {
      readSimulatorConfig({ SIM_DUPLICATE_RATE: 'x', SIM_PRINTER_DOWN_RATE: 'y' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems.map((p) => p.variable)).toEqual([
        'SIM_DUPLICATE_RATE',
        'SIM_PRINTER_DOWN_RATE',
      ]);
    }
  });

  it('should have a variable for every setting and document each in docs/adapters.md', () => {
    // given
    const docs = readFileSync(path.join(projectRoot, 'docs', 'adapters.md'), 'utf8');
    const paths = simulatorVariables.map((v) => v.path.join('.'));

    // then
    expect(new Set(paths).size).toBe(paths.length);
    expect(paths.sort()).toEqual(
      leafPaths(
        simulatorConfigSchema.parse({
          blanko: { gapFrom: '2026-10-01T00:00:00+07:00', gapDays: 1 },
        }),
      ).sort(),
    );
    for (const { name } of simulatorVariables) expect(docs).toContain(`\`${name}\``);
  });
});

function leafPaths(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null || 'min' in value) return [prefix];
  return Object.entries(value).flatMap(([key, inner]) =>
    leafPaths(inner, prefix ? `${prefix}.${key}` : key),
  );
}
