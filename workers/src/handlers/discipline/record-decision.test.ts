import type pg from 'pg';

import { insertOffice } from '../../../../tests/helpers/domain-fixtures.js';
import {
  startHandlerHarness,
  type HandlerHarness,
} from '../../../../tests/helpers/handler-harness.js';
import { recordDecision } from './record-decision.js';

describe('ektp.discipline.record-decision', () => {
  let harness: HandlerHarness;
  let pool: pg.Pool;
  let trigger = 0;

  beforeAll(async () => {
    harness = await startHandlerHarness({ at: '2026-03-12T03:00:00Z' });
    pool = harness.db.pool;
    await insertOffice(pool);
  });

  afterAll(async () => {
    await harness.stop();
  });

  /** A case examined on 10 March with `level` proposed. */
  async function examinedCase(staffId: string, level: string | null): Promise<number> {
    trigger += 1;
    const { rows } = await pool.query<{ id: number }>(
      `insert into app.disciplinary_cases (staff_id, superior_id, violation, trigger, opened_at, examined_at, level)
       values ($1, 'kasi', 'ABSENCE', $2, '2026-03-02T03:00:00Z', '2026-03-10T03:00:00Z', $3)
       returning id::int`,
      [staffId, `UJI_${trigger}`, level],
    );
    return (rows[0] as { id: number }).id;
  }

  const decision = async (id: number) =>
    (
      await pool.query(
        `select level, sanction, decision_no, decided_by, decided_at from app.disciplinary_cases where id = $1`,
        [id],
      )
    ).rows[0] as Record<string, unknown>;

  const messages = async (staffId: string) =>
    (
      await pool.query<Record<string, unknown>>(
        `select recipient_kind, template from app.notifications where staff_id = $1 order by id`,
        [staffId],
      )
    ).rows;

  it('should record the sanction and tell the staff member, once', async () => {
    // given
    const caseId = await examinedCase('operator-1', 'RINGAN');
    const variables = {
      caseId,
      sanction: 'TEGURAN_TERTULIS',
      decisionNo: ' 800/12/KEC-JLT/2026 ',
      proposedLevel: 'RINGAN',
      taskCompletedBy: 'kasi',
    };

    // when delivered twice
    const first = await harness.invoke(recordDecision, { key: '9961', variables });
    const recorded = await decision(caseId);
    harness.clock.add(86_400_000);
    const again = await harness.invoke(recordDecision, { key: '9961', variables });

    // then
    expect(first).toEqual({ kind: 'complete', variables: {} });
    expect(again).toEqual(first);
    expect(recorded).toEqual({
      level: 'RINGAN',
      sanction: 'TEGURAN_TERTULIS',
      decision_no: '800/12/KEC-JLT/2026',
      decided_by: 'kasi',
      decided_at: new Date('2026-03-12T03:00:00Z'),
    });
    expect(await decision(caseId)).toEqual(recorded);
    expect(await messages('operator-1')).toEqual([
      { recipient_kind: 'STAFF', template: 'DISCIPLINE_DECISION' },
    ]);
  });

  it('should close a violation not proven with no sanction, decided by the examining superior', async () => {
    const caseId = await examinedCase('sekcam', null);
    const outcome = await harness.invoke(recordDecision, {
      variables: { caseId, proposedLevel: 'NONE' },
    });
    expect(outcome).toEqual({ kind: 'complete', variables: {} });
    expect(await decision(caseId)).toMatchObject({
      sanction: 'NONE',
      decision_no: null,
      decided_by: 'kasi',
      level: null,
    });
  });

  it('should make a case light when the official imposes a reprimand on a medium proposal', async () => {
    const caseId = await examinedCase('operator-1', 'SEDANG');
    await harness.invoke(recordDecision, {
      variables: {
        caseId,
        sanction: 'TEGURAN_LISAN',
        decisionNo: '800/13/KEC-JLT/2026',
        proposedLevel: 'SEDANG',
        taskCompletedBy: 'camat',
      },
    });
    expect(await decision(caseId)).toMatchObject({
      level: 'RINGAN',
      sanction: 'TEGURAN_LISAN',
      decided_by: 'camat',
    });
  });

  it('should give contract staff SP1–SP3 and refuse them to a civil servant', async () => {
    const contract = await examinedCase('loket-1', 'RINGAN');
    const civil = await examinedCase('operator-1', 'RINGAN');
    const decide = (caseId: number) =>
      harness.invoke(recordDecision, {
        variables: {
          caseId,
          sanction: 'SP2',
          decisionNo: '800/14/KEC-JLT/2026',
          proposedLevel: 'RINGAN',
          taskCompletedBy: 'kasi',
        },
      });

    expect(await decide(contract)).toEqual({ kind: 'complete', variables: {} });
    expect(await decide(civil)).toEqual({
      kind: 'fail',
      noRetry: true,
      message: `disciplinary case ${civil}: SP2 is not a sanction for PNS staff`,
    });
    expect(await decision(contract)).toMatchObject({ sanction: 'SP2' });
    expect(await decision(civil)).toMatchObject({ sanction: null, decided_at: null });
  });

  it('should refuse a proven case decided without a sanction', async () => {
    const caseId = await examinedCase('operator-1', 'RINGAN');
    const before = await messages('operator-1');
    const outcome = await harness.invoke(recordDecision, {
      variables: { caseId, proposedLevel: 'RINGAN', taskCompletedBy: 'kasi' },
    });
    expect(outcome).toMatchObject({ kind: 'fail', noRetry: true });
    expect(await decision(caseId)).toMatchObject({ sanction: null });
    expect(await messages('operator-1')).toEqual(before);
  });
});
