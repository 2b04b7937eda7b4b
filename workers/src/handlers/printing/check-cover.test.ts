import {
  startHandlerHarness,
  type HandlerHarness,
} from '../../../../tests/helpers/handler-harness.js';
import { checkCover, daysOfCover } from './check-cover.js';

describe('ektp.stock.check-cover', () => {
  let harness: HandlerHarness;

  beforeAll(async () => {
    harness = await startHandlerHarness({ at: '2026-03-16T02:00:00Z' });
  });

  afterAll(async () => {
    await harness.stop();
  });

  async function moved(kind: string, quantity: number, at: string): Promise<void> {
    await harness.db.pool.query(
      `insert into app.stock_movements (location_code, item, quantity, kind, reference, at)
       values ('15.71', 'BLANKO', $1, $2, 'uji', $3)`,
      [quantity, kind, at],
    );
  }

  it('should answer a large cover when nothing was used', async () => {
    await harness.db.pool.query(`update app.stock set on_hand = 40 where item = 'BLANKO'`);
    expect(await harness.invoke(checkCover, {})).toEqual({
      kind: 'complete',
      variables: { blankoOnHand: 40, daysOfCover: 999 },
    });
  });

  it('should divide the stock by the daily use of the last 14 days', async () => {
    // given 20 printed and 8 spoiled in the last 14 days (2 a day), and older use left out
    await harness.db.pool.query(`update app.stock set on_hand = 101 where item = 'BLANKO'`);
    await moved('ISSUE_PRINT', -20, '2026-03-10T02:00:00Z');
    await moved('SPOIL', -8, '2026-03-03T02:00:00Z');
    await moved('ISSUE_PRINT', -500, '2026-03-01T02:00:00Z');
    await moved('RESERVE', 30, '2026-03-12T02:00:00Z');

    // when / then: 101 blanko last 50 days
    const outcome = await harness.invoke(checkCover, {});
    expect(outcome).toEqual({
      kind: 'complete',
      variables: { blankoOnHand: 101, daysOfCover: 50 },
    });
    const { rows } = await harness.db.pool.query(
      `select on_hand, reserved from app.stock where item = 'BLANKO'`,
    );
    expect(rows).toEqual([{ on_hand: 101, reserved: 0 }]);
  });

  it('should count an empty stock as no cover', () => {
    expect(daysOfCover(0, 28, 14)).toBe(0);
    expect(daysOfCover(5, 28, 14)).toBe(2);
  });
});
