import { insertResident } from '../../../../tests/helpers/domain-fixtures.js';
import {
  startHandlerHarness,
  type HandlerHarness,
} from '../../../../tests/helpers/handler-harness.js';
import { openDuplicateCase } from './open-duplicate-case.js';

describe('ektp.duplicate.open-case', () => {
  let harness: HandlerHarness;

  beforeAll(async () => {
    harness = await startHandlerHarness();
  });

  afterAll(async () => {
    await harness.stop();
  });

  it('should open one case per resident, and name it again on a second delivery', async () => {
    // given
    const { nik } = await insertResident(harness.db.pool, { enrollmentStatus: 'DUPLICATE_RECORD' });

    // when
    const first = await harness.invoke(openDuplicateCase, {
      key: '9801',
      variables: { nik, duplicateKind: 'ONE_TO_ONE' },
    });
    const again = await harness.invoke(openDuplicateCase, {
      key: '9801',
      variables: { nik, duplicateKind: 'ONE_TO_ONE' },
    });

    // then
    const { rows } = await harness.db.pool.query<{ id: number; kind: string }>(
      `select id::int, kind from app.duplicate_cases where nik = $1`,
      [nik],
    );
    expect(rows).toEqual([{ id: expect.any(Number) as number, kind: 'ONE_TO_ONE' }]);
    expect(first).toEqual({ kind: 'complete', variables: { duplicateCaseId: rows[0]?.id } });
    expect(again).toEqual(first);
  });

  it('should refuse a resident who is not registered', async () => {
    const outcome = await harness.invoke(openDuplicateCase, {
      variables: { nik: '1571081503080998', duplicateKind: 'ONE_TO_MANY' },
    });
    expect(outcome).toMatchObject({ kind: 'fail', noRetry: true });
    const { rows } = await harness.db.pool.query(
      `select count(*)::int as n from app.duplicate_cases`,
    );
    expect(rows).toEqual([{ n: 1 }]);
  });
});
