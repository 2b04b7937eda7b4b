import {
  startHandlerHarness,
  type HandlerHarness,
} from '../../../../tests/helpers/handler-harness.js';
import { insertResident, talangJauh } from '../../../../tests/helpers/domain-fixtures.js';
import { eligibilityFindBatches } from './find-batches.js';
import { invitationRecordBatchStep } from './record-batch-step.js';

const cempakaPutih = '15.71.08.1002';
const kebunHandil = '15.71.08.1003';

describe('ektp.eligibility.find-batches', () => {
  let harness: HandlerHarness;
  // The first scan's job: delivered again, it must answer the same.
  const firstScan = { processInstanceKey: '2251799813685301', key: '2251799813685401' };
  const query = <R extends object>(sql: string, params: unknown[] = []) =>
    harness.db.pool.query<R>(sql, params).then((r) => r.rows);

  async function resident(
    options: Parameters<typeof insertResident>[1] & { set?: string } = {},
  ): Promise<string> {
    const { set, ...fixture } = options;
    const { nik } = await insertResident(harness.db.pool, fixture);
    if (set) await harness.db.pool.query(`update app.residents set ${set} where nik = $1`, [nik]);
    return nik;
  }

  async function letters(): Promise<
    Array<{ nik: string; batch_id: string; status: string; letter_no: string; code: string }>
  > {
    return query(
      `select nik, batch_id, status, letter_no, check_in_code as code from app.invitations
        where batch_id is not null order by id`,
    );
  }

  let invited: { adult: string; turning: string; married: string; cempaka: string };
  let turningInMay: string;
  let lateInMarch: string;

  beforeAll(async () => {
    harness = await startHandlerHarness();
    // Monday 2 March 2026, 09:00 WIB: 60 days ahead is 1 May 2026.
    harness.clock.pin(Date.parse('2026-03-02T02:00:00Z'));
    invited = {
      adult: await resident({ birthDate: '2008-01-10', rw: 2, rt: 3 }),
      turning: await resident({ birthDate: '2009-04-30', sex: 'P', rw: 1, rt: 1 }),
      married: await resident({ birthDate: '2010-01-01', maritalStatus: 'KAWIN', rw: 1, rt: 2 }),
      cempaka: await resident({ birthDate: '1996-05-05', kelurahanCode: cempakaPutih }),
    };
    // Not wajib KTP or not to be invited now:
    turningInMay = await resident({ birthDate: '2009-05-02' }); // 17 after the 60 days
    await resident({ birthDate: '2000-01-01', set: 'deceased = true' });
    await resident({ birthDate: '2000-01-02', set: 'moved_out = true' });
    await resident({ birthDate: '2000-01-03', enrollmentStatus: 'BIO_CAPTURED' });
    await resident({ birthDate: '2000-01-04', set: `citizenship = 'WNA', kitap_no = 'KITAP-1'` });
    const running = await resident({ birthDate: '2000-01-05' });
    await harness.db.pool.query(
      `insert into app.lifecycles (nik, process_instance_key, started_at) values ($1, 77, now())`,
      [running],
    );
    const alreadyInvited = await resident({ birthDate: '2000-01-06' });
    await harness.db.pool.query(
      `insert into app.invitations (nik, attempt, letter_no, check_in_code, status)
       values ($1, 1, 'SEBELUMNYA-1', 'SBLM01', 'AT_RT')`,
      [alreadyInvited],
    );
  });

  afterAll(async () => {
    await harness.stop();
  });

  it('should draft one letter per wajib-KTP resident in a batch per kelurahan for the month', async () => {
    // when
    const outcome = await harness.invoke(eligibilityFindBatches, firstScan);

    // then
    expect(outcome).toEqual({
      kind: 'complete',
      variables: {
        batches: [
          {
            batchId: expect.any(Number) as number,
            kelurahanCode: talangJauh,
            kelurahanName: 'Talang Jauh',
            residentCount: 3,
          },
          {
            batchId: expect.any(Number) as number,
            kelurahanCode: cempakaPutih,
            kelurahanName: 'Cempaka Putih',
            residentCount: 1,
          },
        ],
      },
    });
    const batches = await query<{ kelurahan_code: string; period: string; signed_at: null }>(
      `select kelurahan_code, period, signed_at from app.invitation_batches order by kelurahan_code`,
    );
    expect(batches).toEqual([
      { kelurahan_code: talangJauh, period: '2026-03', signed_at: null },
      { kelurahan_code: cempakaPutih, period: '2026-03', signed_at: null },
    ]);
    // Letters ordered by RW/RT, numbered from 1 within the batch, each with its own code.
    const drafted = await letters();
    const talang = outcome.kind === 'complete' ? outcome.variables.batches[0]?.batchId : Number.NaN;
    expect(drafted.map((l) => [l.nik, l.status, l.letter_no])).toEqual([
      [invited.turning, 'DRAFT', `474.4/${talang}/1/KEC-JLT/2026`],
      [invited.married, 'DRAFT', `474.4/${talang}/2/KEC-JLT/2026`],
      [invited.adult, 'DRAFT', `474.4/${talang}/3/KEC-JLT/2026`],
      [invited.cempaka, 'DRAFT', expect.stringMatching(/^474\.4\/\d+\/1\/KEC-JLT\/2026$/)],
    ]);
    expect(new Set(drafted.map((l) => l.code)).size).toBe(4);
    for (const letter of drafted) expect(letter.code).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
  });

  it('should answer the same batches and draft nothing more when the job comes again', async () => {
    // given
    const before = await letters();

    // when
    const outcome = await harness.invoke(eligibilityFindBatches, firstScan);

    // then
    expect(outcome.kind === 'complete' && outcome.variables.batches).toEqual([
      expect.objectContaining({ kelurahanCode: talangJauh, residentCount: 3 }),
      expect.objectContaining({ kelurahanCode: cempakaPutih, residentCount: 1 }),
    ]);
    expect(await letters()).toEqual(before);
  });

  it('should add a newly found resident to the unsigned batch without starting its signing again', async () => {
    // given
    const newcomer = await resident({ birthDate: '1990-07-07', rw: 9, rt: 9 });

    // when: a second scan in the same month
    const outcome = await harness.invoke(eligibilityFindBatches, {});

    // then: the letter joins the first scan's batch, which that scan's process signs
    expect(outcome).toEqual({ kind: 'complete', variables: { batches: [] } });
    const [talang] = await query<{ id: string }>(
      `select id from app.invitation_batches where kelurahan_code = $1`,
      [talangJauh],
    );
    const added = (await letters()).find((l) => l.nik === newcomer);
    expect(added).toMatchObject({
      status: 'DRAFT',
      letter_no: `474.4/${talang?.id}/4/KEC-JLT/2026`,
    });
  });

  it('should leave residents of a signed batch for next month and start a batch where there is none', async () => {
    // given the Talang Jauh batch is signed, and two more residents appear
    const [talang] = await query<{ id: string }>(
      `select id from app.invitation_batches where kelurahan_code = $1`,
      [talangJauh],
    );
    await harness.invoke(invitationRecordBatchStep, {
      variables: { batchId: Number(talang?.id), signature: 'CAMAT', taskCompletedBy: 'camat' },
      headers: { step: 'SIGNED' },
    });
    lateInMarch = await resident({ birthDate: '1991-08-08' });
    const kebun = await resident({ birthDate: '1992-09-09', kelurahanCode: kebunHandil });
    const before = (await letters()).length;

    // when
    const outcome = await harness.invoke(eligibilityFindBatches, {});

    // then only the batch this scan created is answered, and the late resident has no letter yet
    expect(outcome.kind === 'complete' && outcome.variables.batches).toEqual([
      expect.objectContaining({
        kelurahanCode: kebunHandil,
        kelurahanName: 'Kebun Handil',
        residentCount: 1,
      }),
    ]);
    const after = await letters();
    expect(after).toHaveLength(before + 1);
    expect(after.map((l) => l.nik)).toContain(kebun);
    expect(after.map((l) => l.nik)).not.toContain(lateInMarch);
  });

  it("should count the month in WIB and find nobody twice in the next month's scan", async () => {
    // given 00:30 WIB on 1 April is still 31 March in UTC
    harness.clock.pin(Date.parse('2026-03-31T17:30:00Z'));
    const before = await letters();

    // when
    const outcome = await harness.invoke(eligibilityFindBatches, firstScan);

    // then April's batch invites the late resident and the one now within 60 days of turning 17
    expect(outcome.kind === 'complete' && outcome.variables.batches).toEqual([
      expect.objectContaining({ kelurahanCode: talangJauh, residentCount: 2 }),
    ]);
    const april = await query<{ period: string }>(
      `select period from app.invitation_batches where kelurahan_code = $1 order by id`,
      [talangJauh],
    );
    expect(april.map((b) => b.period)).toEqual(['2026-03', '2026-04']);
    const after = await letters();
    expect(after).toHaveLength(before.length + 2);
    expect(
      after
        .slice(-2)
        .map((l) => l.nik)
        .sort(),
    ).toEqual([lateInMarch, turningInMay].sort());
  });

  it('should answer an empty list when there is nobody new', async () => {
    // given May: every wajib-KTP resident already holds a letter
    harness.clock.pin(Date.parse('2026-05-04T02:00:00Z'));

    // when
    const outcome = await harness.invoke(eligibilityFindBatches, {});

    // then
    expect(outcome).toEqual({ kind: 'complete', variables: { batches: [] } });
    expect(
      await query(`select 1 from app.invitation_batches where period = '2026-05'`),
    ).toHaveLength(0);
  });
});
