import { insertResident } from '../../../../tests/helpers/domain-fixtures.js';
import {
  startHandlerHarness,
  type HandlerHarness,
} from '../../../../tests/helpers/handler-harness.js';
import { recordDuplicateResolution } from './record-duplicate-resolution.js';

describe('ektp.duplicate.record-resolution', () => {
  let harness: HandlerHarness;

  beforeAll(async () => {
    harness = await startHandlerHarness();
  });

  afterAll(async () => {
    await harness.stop();
  });

  async function openCase(): Promise<number> {
    const { nik } = await insertResident(harness.db.pool, { enrollmentStatus: 'DUPLICATE_RECORD' });
    const { rows } = await harness.db.pool.query<{ id: number }>(
      `insert into app.duplicate_cases (nik, kind, opened_at) values ($1, 'ONE_TO_ONE', $2) returning id::int`,
      [nik, new Date(harness.clock.now())],
    );
    return (rows[0] as { id: number }).id;
  }

  const resolution = async (id: number) =>
    (
      await harness.db.pool.query(
        `select resolved_at, resolution from app.duplicate_cases where id = $1`,
        [id],
      )
    ).rows[0] as Record<string, unknown>;

  it('should resolve the case with the request made and the interview note, once', async () => {
    // given
    const duplicateCaseId = await openCase();

    // when delivered twice, the second a day later with another note
    const first = await harness.invoke(recordDuplicateResolution, {
      variables: {
        duplicateCaseId,
        duplicateResolution: 'DELETE_REQUESTED',
        note: 'Warga pernah merekam di Kota Medan dengan NIK lama.',
      },
    });
    const resolved = await resolution(duplicateCaseId);
    harness.clock.add(86_400_000);
    const again = await harness.invoke(recordDuplicateResolution, {
      variables: { duplicateCaseId, duplicateResolution: 'REVERIFY_REQUESTED', note: 'lain' },
    });

    // then the first resolution stands
    expect(first).toEqual({ kind: 'complete', variables: {} });
    expect(again).toEqual(first);
    expect(resolved).toEqual({
      resolved_at: new Date(harness.clock.now() - 86_400_000),
      resolution: 'DELETE_REQUESTED: Warga pernah merekam di Kota Medan dengan NIK lama.',
    });
    expect(await resolution(duplicateCaseId)).toEqual(resolved);
  });

  it('should refuse a case that does not exist', async () => {
    const outcome = await harness.invoke(recordDuplicateResolution, {
      variables: { duplicateCaseId: 999_999, duplicateResolution: 'DELETE_REQUESTED', note: 'x' },
    });
    expect(outcome).toEqual({
      kind: 'fail',
      noRetry: true,
      message: 'duplicate case 999999 does not exist',
    });
  });
});
