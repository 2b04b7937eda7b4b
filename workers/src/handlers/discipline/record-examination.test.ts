import type pg from 'pg';

import { insertOffice } from '../../../../tests/helpers/domain-fixtures.js';
import {
  startHandlerHarness,
  type HandlerHarness,
} from '../../../../tests/helpers/handler-harness.js';
import { decisionRoleFor } from './decision-roles.js';
import { recordExamination } from './record-examination.js';

describe('ektp.discipline.record-examination', () => {
  let harness: HandlerHarness;
  let pool: pg.Pool;
  let trigger = 0;

  beforeAll(async () => {
    harness = await startHandlerHarness({ at: '2026-03-10T03:00:00Z' });
    pool = harness.db.pool;
    await insertOffice(pool);
  });

  afterAll(async () => {
    await harness.stop();
  });

  async function openCase(): Promise<number> {
    trigger += 1;
    const { rows } = await pool.query<{ id: number }>(
      `insert into app.disciplinary_cases (staff_id, superior_id, violation, trigger, opened_at)
       values ('operator-1', 'kasi', 'ABSENCE', $1, '2026-03-02T03:00:00Z') returning id::int`,
      [`UJI_${trigger}`],
    );
    return (rows[0] as { id: number }).id;
  }

  const examination = async (id: number) =>
    (
      await pool.query(
        `select examined_at, level, examined_by, examination_note from app.disciplinary_cases where id = $1`,
        [id],
      )
    ).rows[0] as Record<string, unknown>;

  const examined = (caseId: number, proposedLevel: string) => ({
    caseId,
    examined: true,
    proposedLevel,
    note: 'Pegawai mengakui tidak masuk tanpa keterangan.',
    taskCompletedBy: 'kasi',
    superiorRole: 'kasi',
  });

  it('should record the examination and let the superior decide a light sanction, once', async () => {
    // given
    const caseId = await openCase();

    // when delivered twice, a day apart
    const first = await harness.invoke(recordExamination, {
      key: '9951',
      variables: examined(caseId, 'RINGAN'),
    });
    const recorded = await examination(caseId);
    harness.clock.add(86_400_000);
    const again = await harness.invoke(recordExamination, {
      key: '9951',
      variables: examined(caseId, 'RINGAN'),
    });

    // then
    expect(first).toEqual({ kind: 'complete', variables: { decisionRole: 'kasi' } });
    expect(again).toEqual(first);
    expect(recorded).toEqual({
      examined_at: new Date('2026-03-10T03:00:00Z'),
      level: 'RINGAN',
      examined_by: 'kasi',
      examination_note: 'Pegawai mengakui tidak masuk tanpa keterangan.',
    });
    expect(await examination(caseId)).toEqual(recorded);
  });

  it('should send a medium or heavy proposal to the Camat', async () => {
    for (const level of ['SEDANG', 'BERAT']) {
      const caseId = await openCase();
      expect(
        await harness.invoke(recordExamination, { variables: examined(caseId, level) }),
      ).toEqual({ kind: 'complete', variables: { decisionRole: 'camat' } });
      expect(await examination(caseId)).toMatchObject({ level });
    }
  });

  it('should record a violation not proven without a level', async () => {
    const caseId = await openCase();
    expect(
      await harness.invoke(recordExamination, { variables: examined(caseId, 'NONE') }),
    ).toEqual({ kind: 'complete', variables: { decisionRole: 'kasi' } });
    expect(await examination(caseId)).toMatchObject({ level: null, examined_by: 'kasi' });
  });

  it('should refuse a form sent without the examination, recording nothing', async () => {
    const caseId = await openCase();
    const outcome = await harness.invoke(recordExamination, {
      variables: { ...examined(caseId, 'RINGAN'), examined: false },
    });
    expect(outcome).toMatchObject({ kind: 'fail', noRetry: true });
    expect(await examination(caseId)).toEqual({
      examined_at: null,
      level: null,
      examined_by: null,
      examination_note: null,
    });
  });

  it('should follow a configured assignment of deciding officials', () => {
    const roles = { RINGAN: 'sekcam', SEDANG: 'SUPERIOR', BERAT: 'kadis' };
    expect(decisionRoleFor('RINGAN', 'kasi', roles)).toBe('sekcam');
    expect(decisionRoleFor('SEDANG', 'lurah', roles)).toBe('lurah');
    expect(decisionRoleFor('BERAT', 'kasi', roles)).toBe('kadis');
  });
});
