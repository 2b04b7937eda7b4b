import {
  startHandlerHarness,
  type HandlerHarness,
} from '../../../../tests/helpers/handler-harness.js';
import { recordRequest } from './record-request.js';

describe('ektp.stock.record-request', () => {
  let harness: HandlerHarness;

  beforeAll(async () => {
    harness = await startHandlerHarness();
  });

  afterAll(async () => {
    await harness.stop();
  });

  const requests = async () =>
    (
      await harness.db.pool.query<Record<string, unknown>>(
        `select quantity, letter_no, requested_by, item from app.blanko_requests order by id`,
      )
    ).rows;

  it('should record the request with its letter and sender, once', async () => {
    const variables = {
      requestedQuantity: 2000,
      requestLetterNo: '470/112/DISDUKCAPIL/2026',
      taskCompletedBy: 'dinas-gudang',
    };
    const first = await harness.invoke(recordRequest, { key: '9601', variables });
    const again = await harness.invoke(recordRequest, { key: '9601', variables });
    expect(first).toEqual({ kind: 'complete', variables: {} });
    expect(again).toEqual(first);
    expect(await requests()).toEqual([
      {
        quantity: 2000,
        letter_no: '470/112/DISDUKCAPIL/2026',
        requested_by: 'dinas-gudang',
        item: 'BLANKO',
      },
    ]);
  });

  it('should refuse a letter number already used by another request', async () => {
    const outcome = await harness.invoke(recordRequest, {
      variables: { requestedQuantity: 500, requestLetterNo: '470/112/DISDUKCAPIL/2026' },
    });
    expect(outcome).toEqual({
      kind: 'fail',
      noRetry: true,
      message: expect.stringContaining('470/112/DISDUKCAPIL/2026') as string,
    });
    expect(await requests()).toHaveLength(1);
  });

  it('should not accept a request for no blanko', () => {
    expect(
      recordRequest.variables.safeParse({ requestedQuantity: 0, requestLetterNo: 'x' }).success,
    ).toBe(false);
  });
});
