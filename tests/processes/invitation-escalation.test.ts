import { insertOffice, insertResident, talangJauh } from '../helpers/domain-fixtures.js';
import { startProcessHarness, type ProcessHarness } from './support/process-harness.js';

// Monday 2 March 2026, 08:00 WIB (the harness's start); Wednesday 4 March is made a holiday.
const at = (iso: string) => Date.parse(iso);

async function breaches(harness: ProcessHarness) {
  const { rows } = await harness.db.pool.query<{
    policy_code: string;
    level: number;
    candidate_group: string;
    status: string;
  }>(`select policy_code, level, candidate_group, status from app.breaches order by level`);
  return rows;
}

describe('invitation through the Camat, the kelurahan and the RT, with escalation when the RT is late', () => {
  let harness: ProcessHarness;
  let nik: string;

  beforeAll(async () => {
    harness = await startProcessHarness();
    await insertOffice(harness.db.pool);
    await harness.db.pool.query(
      `insert into app.holidays (day, name, kind) values ('2026-03-04', 'Libur uji', 'LIBUR_NASIONAL') on conflict (day) do nothing`,
    );
    harness.reloadCalendar();
    nik = (
      await insertResident(harness.db.pool, { fullName: 'Rahmat Hidayat', birthDate: '2008-03-15' })
    ).nik;
  });

  afterAll(async () => {
    await harness.stop();
  });

  it('should bring the letter from the eligibility scan to the RT through the Camat and the kelurahan', async () => {
    // when: the monthly scan runs (here on demand)
    await harness.client.createProcessInstance({
      bpmnProcessId: 'ektp-eligibility-scan',
      variables: {},
    });

    // then: the Camat (or the Sekcam on his behalf) signs, the kelurahan hands the letters to the RT
    const sign = await harness.task('sign');
    expect(sign.candidateGroups).toEqual(['camat', 'sekcam']);
    expect(sign.variables).toMatchObject({ kelurahanCode: talangJauh, residentCount: 1 });
    await harness.complete(sign, { signature: 'CAMAT' }, 'camat');
    const distribute = await harness.task('distribute');
    expect(distribute.candidateGroups).toEqual(['staf-kelurahan', 'lurah']);
    await harness.complete(distribute, { handedToRt: true }, 'staf-1001');

    const deliver = await harness.task('deliver', { nik });
    expect(deliver.candidateGroups).toEqual(['ketua-rt']);
    expect(deliver.variables).toMatchObject({
      residentName: 'Rahmat Hidayat',
      invitationAttempt: 1,
    });
  });

  it('should give the RT 5 working days, moved by the holiday', async () => {
    const deliver = await harness.task('deliver', { nik });
    // Monday 08:00 + 5 working days, skipping Wednesday 4 March → Tuesday 10 March 08:00 WIB.
    expect(deliver.dueAt?.toISOString()).toBe('2026-03-10T01:00:00.000Z');
  });

  it('should escalate to the Lurah when the letter is not delivered in 5 working days', async () => {
    // given: just before the deadline nothing is late
    await harness.advance(at('2026-03-10T00:59:00Z') - harness.clock.now());
    expect(await breaches(harness)).toEqual([]);

    // when
    await harness.advance(2 * 60_000);

    // then: a breach at level 1 and a task for the Lurah of the resident's kelurahan
    const handle = await harness.task('handle');
    expect(handle.candidateGroups).toEqual(['lurah']);
    expect(handle.variables).toMatchObject({
      level: 1,
      kelurahanCode: talangJauh,
      policyCode: 'INVITATION_DELIVER',
    });
    expect(await breaches(harness)).toEqual([
      { policy_code: 'INVITATION_DELIVER', level: 1, candidate_group: 'lurah', status: 'OPEN' },
    ]);
  });

  it('should escalate to the Camat at 7 working days even though the Lurah acknowledged', async () => {
    // given: the Lurah takes it on
    const lurahTask = await harness.task('handle');
    await harness.complete(
      lurahTask,
      { escalationAction: 'ACKNOWLEDGE', note: 'RT sedang sakit' },
      'lurah-1001',
    );
    await harness.waitFor('the acknowledgement', async () =>
      (await breaches(harness)).some((b) => b.status === 'ACKNOWLEDGED'),
    );

    // when: 7 working days from the start (the holiday again skipped) → Thursday 12 March 08:00
    await harness.advance(at('2026-03-12T01:00:00Z') - harness.clock.now() + 60_000);

    // then: the Camat's task appears
    const camatTask = await harness.task('handle', {});
    await harness.waitFor('the Camat task', async () => {
      const { rows } = await harness.db.pool.query(
        `select 1 from app.tasks where element_id = 'handle' and state = 'CREATED' and 'camat' = any(candidate_groups)`,
      );
      return rows.length > 0;
    });
    expect(camatTask).toBeDefined();
    expect(await breaches(harness)).toEqual([
      {
        policy_code: 'INVITATION_DELIVER',
        level: 1,
        candidate_group: 'lurah',
        status: 'ACKNOWLEDGED',
      },
      { policy_code: 'INVITATION_DELIVER', level: 2, candidate_group: 'camat', status: 'OPEN' },
    ]);
  });

  it('should resolve the escalation when the RT finally delivers', async () => {
    // when
    const deliver = await harness.task('deliver', { nik });
    await harness.complete(deliver, { deliveryOutcome: 'DELIVERED' }, 'rt-1001-01-01');

    // then
    await harness.waitFor('the breaches to be resolved', async () =>
      (await breaches(harness)).every((b) => b.status === 'RESOLVED'),
    );
    const { rows } = await harness.db.pool.query(
      `select status from app.invitations where nik = $1 order by attempt`,
      [nik],
    );
    expect(rows).toEqual([{ status: 'DELIVERED' }]);
    expect(await harness.incidents()).toEqual([]);
  });
});
