import { insertResident } from '../../../../tests/helpers/domain-fixtures.js';
import {
  startHandlerHarness,
  type HandlerHarness,
} from '../../../../tests/helpers/handler-harness.js';
import { classifyCorrection } from './classify-correction.js';

describe('ektp.correction.classify', () => {
  let harness: HandlerHarness;

  beforeAll(async () => {
    harness = await startHandlerHarness();
  });

  afterAll(async () => {
    await harness.stop();
  });

  it('should take the open case and say its kind and defect', async () => {
    // given a case found at QC, and an older one already closed
    const { nik } = await insertResident(harness.db.pool, {
      enrollmentStatus: 'PRINT_READY_RECORD',
    });
    await harness.db.pool.query(
      `insert into app.correction_cases (nik, kind, defect, detected_by, opened_at, closed_at, root_cause)
       values ($1, 'PRINT_DEFECT', 'CHIP_UNREADABLE', 'QC', now() - interval '30 days', now() - interval '29 days', 'PRINT_DEFECT')`,
      [nik],
    );
    const { rows } = await harness.db.pool.query<{ id: number }>(
      `insert into app.correction_cases (nik, kind, defect, detected_by, opened_at)
       values ($1, 'DATA_WRONG', 'ADDRESS', 'QC', now()) returning id::int`,
      [nik],
    );

    // when
    const outcome = await harness.invoke(classifyCorrection, { variables: { nik } });

    // then
    expect(outcome).toEqual({
      kind: 'complete',
      variables: { correctionCaseId: rows[0]?.id, correctionKind: 'DATA_WRONG', defect: 'ADDRESS' },
    });
  });

  it('should raise an incident when the resident has no open case', async () => {
    const { nik } = await insertResident(harness.db.pool, {
      enrollmentStatus: 'PRINT_READY_RECORD',
    });
    expect(await harness.invoke(classifyCorrection, { variables: { nik } })).toEqual({
      kind: 'fail',
      noRetry: true,
      message: expect.stringContaining('has no open correction case') as string,
    });
  });
});
