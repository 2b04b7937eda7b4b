import { ControlledClock } from '../../../platform/src/clock.js';
import { TemplateError } from './notifier.js';
import { createNotifierSimulator } from './notifier-simulator.js';
import { simulatorConfigSchema, type SimulatorConfigInput } from './simulator-config.js';

const expectShare = (count: number, n: number, rate: number) =>
  expect(Math.abs(count / n - rate)).toBeLessThan(5 * Math.sqrt((rate * (1 - rate)) / n) + 0.001);

const cardReady = {
  template: 'CARD_READY',
  params: { name: 'Budi Santoso', place: 'Kantor Camat Jelutung', date: 'Senin, 7 Desember 2026' },
} as const;

function setUp(input: SimulatorConfigInput = {}) {
  const clock = new ControlledClock();
  clock.pin(Date.parse('2026-12-07T08:00:00+07:00'));
  return { clock, notifier: createNotifierSimulator(simulatorConfigSchema.parse(input), clock) };
}

describe('adapters - notifier simulator', () => {
  it('should deliver all but the configured share of messages', async () => {
    // given
    const { clock, notifier } = setUp({ notifier: { failureRate: 0.03 } });

    // when
    const results = await Promise.all(
      Array.from({ length: 10_000 }, (_, i) =>
        notifier.send({
          reference: `activation-${i}/CARD_READY`,
          channel: 'SMS',
          to: { kind: 'RESIDENT', phone: '081234567890' },
          ...cardReady,
        }),
      ),
    );

    // then
    const lost = results.filter((r) => !r.delivered);
    expectShare(lost.length, results.length, 0.03);
    expect(lost.every((r) => r.reason === 'UNDELIVERABLE')).toBe(true);
    expect(results.find((r) => r.delivered)).toEqual({ delivered: true, sentAt: clock.now() });
  });

  it('should answer a repeated reference the same', async () => {
    // given
    const { notifier } = setUp({ notifier: { failureRate: 0.5 } });
    const send = (i: number) =>
      notifier.send({
        reference: `invitation-${i}`,
        channel: 'WHATSAPP',
        to: { kind: 'RESIDENT', phone: '081234567890' },
        ...cardReady,
      });

    // when
    const first = await Promise.all(Array.from({ length: 100 }, (_, i) => send(i)));
    const again = await Promise.all(Array.from({ length: 100 }, (_, i) => send(i)));

    // then
    expect(again).toEqual(first);
  });

  it.each([
    ['SMS', { kind: 'RESIDENT', nik: '1571084101080001' }],
    ['WHATSAPP', { kind: 'STAFF', staffId: 'op-7', phone: ' ' }],
    ['LETTER', { kind: 'RT', phone: '081234567890' }],
  ] as const)('should find no contact for %s to %j', async (channel, to) => {
    // given
    const { notifier } = setUp({ notifier: { failureRate: 0 } });

    // then
    expect(await notifier.send({ reference: 'r-1', channel, to, ...cardReady })).toEqual({
      delivered: false,
      reason: 'NO_CONTACT',
    });
  });

  it('should send a letter to a resident known by NIK', async () => {
    const { notifier } = setUp({ notifier: { failureRate: 0 } });
    expect(
      await notifier.send({
        reference: 'r-2',
        channel: 'LETTER',
        to: { kind: 'RESIDENT', nik: '1571084101080001' },
        ...cardReady,
      }),
    ).toMatchObject({ delivered: true });
  });

  it('should refuse a message with a parameter missing', async () => {
    const { notifier } = setUp();
    await expect(
      notifier.send({
        reference: 'r-3',
        channel: 'SMS',
        to: { kind: 'STAFF', staffId: 'kasi-1', phone: '081234567890' },
        template: 'ESCALATION',
        params: { level: 1, step: 'Antrean loket' },
      }),
    ).rejects.toThrow(
      new TemplateError(
        'notification template ESCALATION needs subject, dueAt, overdue, link: missing or blank',
        'ESCALATION',
      ),
    );
  });
});
