import { insertOffice } from '../helpers/domain-fixtures.js';
import { startProcessHarness, type ProcessHarness } from './support/process-harness.js';
import { settle } from './support/steps.js';

async function absent(harness: ProcessHarness, staffId: string, days: string[]): Promise<void> {
  for (const day of days) {
    await harness.db.pool.query(
      `insert into app.attendance (staff_id, day, status) values ($1, $2, 'TANPA_KETERANGAN')`,
      [staffId, day],
    );
  }
}

describe('staff-attendance-check and staff-discipline: absences open a case for the direct superior', () => {
  let harness: ProcessHarness;

  beforeAll(async () => {
    harness = await startProcessHarness();
    await insertOffice(harness.db.pool);
  });

  afterAll(async () => {
    await harness.stop();
  });

  it('should open a case for the Kasi when an operator has 3 days of absence without reason', async () => {
    // given: operator-1 (whose superior is the Kasi) was absent without reason three times
    await absent(harness, 'operator-1', ['2026-02-16', '2026-02-18', '2026-02-23']);
    await absent(harness, 'loket-1', ['2026-02-16', '2026-02-18']);

    // when
    await harness.client.createProcessInstance({
      bpmnProcessId: 'staff-attendance-check',
      variables: {},
    });

    // then: one case (two days are below the threshold), examined by the Kasi
    const examine = await harness.task('examine');
    expect(examine.candidateGroups).toEqual(['kasi']);
    expect(examine.variables).toMatchObject({ staffId: 'operator-1', superiorId: 'kasi' });
    const { rows } = await harness.db.pool.query(
      `select staff_id, superior_id, violation from app.disciplinary_cases`,
    );
    expect(rows).toEqual([{ staff_id: 'operator-1', superior_id: 'kasi', violation: 'ABSENCE' }]);

    // when: the Kasi examines and proposes a light sanction, then decides
    await harness.complete(
      examine,
      { examined: true, proposedLevel: 'RINGAN', note: 'Tidak hadir tanpa keterangan 3 hari' },
      'kasi',
    );
    const decide = await harness.task('decide');
    expect(decide.candidateGroups).toEqual(['kasi']);
    await harness.complete(
      decide,
      { sanction: 'TEGURAN_LISAN', decisionNo: '800/01/KEC-JLT/2026' },
      'kasi',
    );
    await settle(harness);

    // then
    const { rows: decided } = await harness.db.pool.query(
      `select level, sanction, decision_no, decided_by from app.disciplinary_cases where staff_id = 'operator-1'`,
    );
    expect(decided).toEqual([
      {
        level: 'RINGAN',
        sanction: 'TEGURAN_LISAN',
        decision_no: '800/01/KEC-JLT/2026',
        decided_by: 'kasi',
      },
    ]);
  });

  it('should not open the same case twice when the check runs again', async () => {
    await harness.client.createProcessInstance({
      bpmnProcessId: 'staff-attendance-check',
      variables: {},
    });
    await settle(harness);
    const { rows } = await harness.db.pool.query(
      `select count(*)::int as n from app.disciplinary_cases`,
    );
    expect(rows).toEqual([{ n: 1 }]);
  });

  it('should alert the Camat when the superior does not examine within 7 working days', async () => {
    await absent(harness, 'loket-1', ['2026-02-24']);
    await harness.client.createProcessInstance({
      bpmnProcessId: 'staff-attendance-check',
      variables: {},
    });
    const examine = await harness.task('examine');
    expect(examine.variables).toMatchObject({ staffId: 'loket-1' });
    await harness.advance(10 * 24 * 60 * 60_000);
    await harness.waitFor('the breach', async () => {
      const { rows } = await harness.db.pool.query<{ candidate_group: string }>(
        `select candidate_group from app.breaches where policy_code = 'DISCIPLINE_EXAMINE'`,
      );
      return rows[0]?.candidate_group === 'camat';
    });
  });
});
