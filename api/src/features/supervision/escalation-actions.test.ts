/**
 * The escalation actions over HTTP on the real `sla-escalation` process: four residents' invitation
 * letters are not delivered in 5 working days, so four escalations reach the Lurah; the Lurah
 * acknowledges one (it then does not climb at the 4 working hours the others climb at), and the
 * Camat reassigns, opens a disciplinary case and reminds on the others.
 */
import {
  insertOffice,
  insertResident,
  insertStaff,
  talangJauh,
} from '../../../../tests/helpers/domain-fixtures.js';
import {
  addLogins,
  signIn as signInAs,
  testApp,
  type TestApp,
} from '../../../../tests/helpers/api-harness.js';
import {
  startProcessHarness,
  type OpenTask,
  type ProcessHarness,
} from '../../../../tests/processes/support/process-harness.js';

interface Breach {
  id: string;
  level: number;
  candidate_group: string;
  status: string;
}

interface ErrorAnswer {
  error: string;
  message: string;
  details: Array<{ field?: string; message: string }>;
}

describe('api - escalation actions complete the escalation task of the sla-escalation process', () => {
  let harness: ProcessHarness;
  let app: TestApp;
  const niks: Record<'ack' | 'reassign' | 'discipline' | 'remind', string> = {
    ack: '',
    reassign: '',
    discipline: '',
    remind: '',
  };

  // Sessions last 8 idle hours of the product's clock: each login signs in again after time moved.
  let sessions = new Map<string, ReturnType<typeof signInAs>>();
  const as = (login: string) => {
    const session = sessions.get(login) ?? signInAs(app, login);
    sessions.set(login, session);
    return session;
  };
  const post = async (login: string, path: string, body: object = {}) => {
    const { agent, csrf } = await as(login);
    return agent.post(path).set('x-csrf-token', csrf).send(body);
  };
  const get = async (login: string, path: string) => (await as(login)).agent.get(path);
  const advanceTo = async (iso: string) => {
    await harness.advance(Date.parse(iso) - harness.clock.now());
    sessions = new Map();
  };

  const breaches = async (nik: string): Promise<Breach[]> =>
    (
      await harness.db.pool.query<Breach>(
        `select id::text, level, candidate_group, status from app.breaches where nik = $1 order by level`,
        [nik],
      )
    ).rows;
  const rootBreach = async (nik: string) => (await breaches(nik))[0]!.id;
  const escalationTask = (nik: string, group: string): Promise<OpenTask> =>
    harness.waitFor(`the ${group}'s escalation task of ${nik}`, async () => {
      const { rows } = await harness.db.pool.query<{ id: string }>(
        `select id::text from app.tasks
          where element_id = 'handle' and state = 'CREATED' and variables->>'nik' = $1 and $2 = any(candidate_groups)`,
        [nik, group],
      );
      return rows[0] && (await harness.task('handle', { nik }));
    });
  const actions = async (nik: string) =>
    (
      await harness.db.pool.query<{ action: string; level: number; actor: string | null }>(
        `select a.action, a.level, a.actor from app.escalation_actions a join app.breaches b on b.id = a.breach_id
          where b.nik = $1 order by a.at, a.id`,
        [nik],
      )
    ).rows;

  beforeAll(async () => {
    harness = await startProcessHarness();
    const pool = harness.db.pool;
    await insertOffice(pool);
    await insertStaff(pool, {
      id: 'rt-1001-01-02',
      roles: ['ketua-rt'],
      unitCode: talangJauh,
      superiorId: 'lurah-1001',
      employment: 'NON_ASN',
    });
    await insertStaff(pool, { id: 'lurah-1002', roles: ['lurah'], unitCode: '15.71.08.1002' });
    await insertStaff(pool, { id: 'auditor', roles: ['auditor'] });
    await addLogins(
      pool,
      'lurah-1001',
      'lurah-1002',
      'camat',
      'auditor',
      'loket-1',
      'rt-1001-01-01',
    );
    for (const key of Object.keys(niks) as Array<keyof typeof niks>) {
      niks[key] = (
        await insertResident(pool, { fullName: `Warga ${key}`, birthDate: '2008-03-15' })
      ).nik;
    }
    app = testApp(pool, { clock: harness.clock, zeebe: harness.client });

    // The invitations go out on Monday 2 March: signed, handed to the RT, waiting to be delivered.
    await harness.client.createProcessInstance({
      bpmnProcessId: 'ektp-eligibility-scan',
      variables: {},
    });
    await harness.complete(await harness.task('sign'), { signature: 'CAMAT' }, 'camat');
    await harness.complete(await harness.task('distribute'), { handedToRt: true }, 'staf-1001');
    for (const nik of Object.values(niks)) await harness.task('deliver', { nik });
  }, 60_000);

  afterAll(async () => {
    await harness.stop();
  });

  it('should let only the level officer of the kelurahan act, and say why not otherwise', async () => {
    // given: 5 working days later (Monday 9 March, 08:00 WIB) no letter is delivered
    await advanceTo('2026-03-09T01:01:00Z');
    for (const nik of Object.values(niks)) await escalationTask(nik, 'lurah');
    const id = await rootBreach(niks.ack);

    // then: the Camat is not this level's officer, another kelurahan's Lurah does not see it
    const camat = await post('camat', `/api/supervision/breaches/${id}/acknowledge`);
    expect([camat.status, (camat.body as ErrorAnswer).error]).toEqual([409, 'not_level_officer']);
    expect((camat.body as ErrorAnswer).message).toBe(
      `The escalation of breach ${id} is at level 1 for lurah of ${talangJauh}; only that level's officer can act on it.`,
    );
    expect((await post('lurah-1002', `/api/supervision/breaches/${id}/acknowledge`)).status).toBe(
      404,
    );
    expect((await post('auditor', `/api/supervision/breaches/${id}/acknowledge`)).status).toBe(403);
    expect((await post('loket-1', `/api/supervision/breaches/${id}/acknowledge`)).status).toBe(409);
    expect((await post('lurah-1001', '/api/supervision/breaches/999999/acknowledge')).status).toBe(
      404,
    );

    // and: bad input is a 400 with the field, and nothing happened
    const noStaff = await post('lurah-1001', `/api/supervision/breaches/${id}/reassign`, {
      note: 'x',
    });
    expect([noStaff.status, (noStaff.body as ErrorAnswer).details]).toEqual([
      400,
      [{ field: 'staffId', message: expect.any(String) as string }],
    ]);
    const unknownStaff = await post('lurah-1001', `/api/supervision/breaches/${id}/reassign`, {
      staffId: 'tidak-ada',
    });
    expect((unknownStaff.body as ErrorAnswer).details).toEqual([
      { field: 'staffId', message: 'is not an active staff member' },
    ]);
    const badId = await post('lurah-1001', '/api/supervision/breaches/abc/acknowledge');
    expect((badId.body as ErrorAnswer).details).toEqual([
      { field: 'id', message: 'must be a breach id' },
    ]);
    const tooLong = await post('lurah-1001', `/api/supervision/breaches/${id}/remind`, {
      note: 'x'.repeat(1001),
      extra: true,
    });
    expect((tooLong.body as ErrorAnswer).details.map((d) => d.field ?? '(body)').sort()).toEqual([
      '(body)',
      'note',
    ]);
    expect(await actions(niks.ack)).toEqual([{ action: 'RAISED', level: 1, actor: null }]);
  });

  it('should acknowledge through the process: the breach is acknowledged and does not climb for want of an answer', async () => {
    // when: the Lurah of Talang Jauh acknowledges one of the four
    const id = await rootBreach(niks.ack);
    const answer = await post('lurah-1001', `/api/supervision/breaches/${id}/acknowledge`, {
      note: 'RT sedang sakit',
    });

    // then: 202 — the task is completed, and the process records the acknowledgement
    expect(answer.status).toBe(202);
    expect(answer.body).toMatchObject({
      breachId: id,
      escalationBreachId: id,
      level: 1,
      candidateGroups: ['lurah'],
      action: 'ACKNOWLEDGE',
      staffId: null,
      completedBy: 'lurah-1001',
      repeated: false,
    });
    await harness.waitFor('the acknowledgement', async () =>
      (await breaches(niks.ack)).every((b) => b.status === 'ACKNOWLEDGED'),
    );
    expect(await actions(niks.ack)).toEqual([
      { action: 'RAISED', level: 1, actor: null },
      { action: 'ACKNOWLEDGED', level: 1, actor: 'lurah-1001' },
    ]);
    const { rows: audit } = await harness.db.pool.query(
      `select actor, action, subject_type, subject_id, details from app.audit_log where subject_type = 'breach'`,
    );
    expect(audit).toEqual([
      {
        actor: 'lurah-1001',
        action: 'update',
        subject_type: 'breach',
        subject_id: id,
        details: {
          breachId: id,
          taskId: (answer.body as { taskId: string }).taskId,
          escalationAction: 'ACKNOWLEDGE',
          level: 1,
          note: 'RT sedang sakit',
        },
      },
    ]);

    // and: the same request again is answered the same; another action finds nothing to act on
    const again = await post('lurah-1001', `/api/supervision/breaches/${id}/acknowledge`, {
      note: 'RT sedang sakit',
    });
    expect([again.status, (again.body as { repeated: boolean }).repeated]).toEqual([202, true]);
    const remind = await post('lurah-1001', `/api/supervision/breaches/${id}/remind`);
    expect([remind.status, (remind.body as ErrorAnswer).error]).toEqual([409, 'nothing_to_act_on']);
    expect((remind.body as ErrorAnswer).message).toMatch(
      /lurah-1001 took it \(ACKNOWLEDGED\) at .*; it comes back when it reaches the next level\.$/,
    );

    // when: the 4 working hours for an answer pass (12:00 WIB)
    await advanceTo('2026-03-09T05:01:00Z');

    // then: the three unanswered ones climb to the Camat; the acknowledged one stays with the Lurah
    for (const key of ['reassign', 'discipline', 'remind'] as const) {
      await escalationTask(niks[key], 'camat');
      expect((await breaches(niks[key])).map((b) => [b.level, b.candidate_group])).toEqual([
        [1, 'lurah'],
        [2, 'camat'],
      ]);
    }
    expect(await breaches(niks.ack)).toEqual([
      { id, level: 1, candidate_group: 'lurah', status: 'ACKNOWLEDGED' },
    ]);
    expect(await actions(niks.ack)).toHaveLength(2);
  });

  it('should reassign the late task to another RT', async () => {
    const id = await rootBreach(niks.reassign);
    // A level-2 breach row answers for the same escalation.
    const top = (await breaches(niks.reassign))[1]!.id;
    const answer = await post('camat', `/api/supervision/breaches/${top}/reassign`, {
      staffId: 'rt-1001-01-02',
      note: 'Ketua RT 01 sakit',
    });
    expect(answer.status).toBe(202);
    expect(answer.body).toMatchObject({
      breachId: top,
      escalationBreachId: id,
      level: 2,
      candidateGroups: ['camat'],
      action: 'REASSIGN',
      staffId: 'rt-1001-01-02',
    });
    await harness.waitFor('the reassignment', async () => {
      const { rows } = await harness.db.pool.query<{ assignee: string | null }>(
        `select assignee from app.tasks where element_id = 'deliver' and state = 'CREATED' and variables->>'nik' = $1`,
        [niks.reassign],
      );
      return rows[0]?.assignee === 'rt-1001-01-02';
    });
    expect((await actions(niks.reassign)).at(-1)).toEqual({
      action: 'REASSIGNED',
      level: 2,
      actor: 'camat',
    });
    // The Camat is the top level: the escalation has ended.
    const after = await post('camat', `/api/supervision/breaches/${id}/acknowledge`);
    expect([after.status, (after.body as ErrorAnswer).error]).toEqual([409, 'nothing_to_act_on']);
  });

  it('should open a disciplinary case against the RT, examined by their superior', async () => {
    const id = await rootBreach(niks.discipline);
    const noSuperior = await post('camat', `/api/supervision/breaches/${id}/discipline`, {
      staffId: 'camat',
    });
    expect([noSuperior.status, (noSuperior.body as ErrorAnswer).details]).toEqual([
      400,
      [
        {
          field: 'staffId',
          message: 'has no direct superior to examine the case (PP 94/2021 Pasal 26)',
        },
      ],
    ]);

    const answer = await post('camat', `/api/supervision/breaches/${id}/discipline`, {
      staffId: 'rt-1001-01-01',
      note: 'Surat undangan tidak diantar',
    });
    expect(answer.status).toBe(202);
    const opened = await harness.waitFor('the disciplinary case', async () => {
      const { rows } = await harness.db.pool.query<{
        staff_id: string;
        superior_id: string;
        violation: string;
        trigger: string;
        started: boolean;
      }>(
        `select staff_id, superior_id, violation, trigger, process_instance_key is not null as started
           from app.disciplinary_cases`,
      );
      return rows[0]?.started && rows;
    });
    expect(opened).toEqual([
      {
        staff_id: 'rt-1001-01-01',
        superior_id: 'lurah-1001',
        violation: 'SERVICE_NEGLECT',
        trigger: `BREACH_${id}`,
        started: true,
      },
    ]);
    const examine = await harness.task('examine');
    expect(examine.variables).toMatchObject({ staffId: 'rt-1001-01-01', superiorId: 'lurah-1001' });
    const { rows: audit } = await harness.db.pool.query(
      `select action, subject_type, subject_id from app.audit_log where subject_type = 'disciplinary_case'`,
    );
    expect(audit).toEqual([
      {
        action: 'create',
        subject_type: 'disciplinary_case',
        subject_id: `rt-1001-01-01:BREACH_${id}`,
      },
    ]);
  });

  it('should remind only an officer who holds the late task', async () => {
    const id = await rootBreach(niks.remind);
    const nobody = await post('camat', `/api/supervision/breaches/${id}/remind`);
    expect([nobody.status, (nobody.body as ErrorAnswer).error]).toEqual([409, 'nobody_to_remind']);

    // given: the RT takes the letter on
    const deliver = await harness.task('deliver', { nik: niks.remind });
    const { agent, csrf } = await as('rt-1001-01-01');
    expect(
      (await agent.post(`/api/tasks/${deliver.id}/claim`).set('x-csrf-token', csrf)).status,
    ).toBe(200);

    // when
    expect(
      (await post('camat', `/api/supervision/breaches/${id}/remind`, { note: 'Segera antar' }))
        .status,
    ).toBe(202);

    // then: the RT gets a reminder
    const reminded = await harness.waitFor('the reminder', async () => {
      const { rows } = await harness.db.pool.query<{ staff_id: string; template: string }>(
        `select staff_id, template from app.notifications where template = 'SLA_REMINDER'`,
      );
      return rows.length > 0 && rows;
    });
    expect(reminded).toEqual([{ staff_id: 'rt-1001-01-01', template: 'SLA_REMINDER' }]);
    expect((await actions(niks.remind)).at(-1)).toEqual({
      action: 'REMINDED',
      level: 2,
      actor: 'camat',
    });
  });

  it('should list the escalations with the levels reached and the actions taken, as JSON and CSV', async () => {
    // given: at 7 working days (Wednesday 11 March) the acknowledged one reaches the Camat, and then
    // the RT delivers its letter, which resolves it
    await advanceTo('2026-03-11T01:01:00Z');
    await escalationTask(niks.ack, 'camat');
    await harness.complete(
      await harness.task('deliver', { nik: niks.ack }),
      { deliveryOutcome: 'DELIVERED' },
      'rt-1001-01-01',
    );
    await harness.waitFor('the resolution', async () =>
      (await breaches(niks.ack)).every((b) => b.status === 'RESOLVED'),
    );
    const id = await rootBreach(niks.ack);
    const resolved = await post('camat', `/api/supervision/breaches/${id}/acknowledge`);
    expect([resolved.status, (resolved.body as ErrorAnswer).message]).toEqual([
      409,
      `Breach ${id} is resolved: the late step has been completed.`,
    ]);

    // then
    const list = await get('camat', '/api/supervision/escalations?status=RESOLVED');
    expect(list.body).toMatchObject({
      total: 1,
      items: [
        {
          breachId: id,
          policy: 'INVITATION_DELIVER',
          step: 'Ketua RT menyampaikan surat undangan kepada warga',
          kelurahanCode: talangJauh,
          dueAt: '2026-03-09T01:00:00.000Z',
          level: 2,
          candidateGroup: 'camat',
          status: 'RESOLVED',
          awaitingAction: null,
          levels: [
            { breachId: id, level: 1, candidateGroup: 'lurah', status: 'RESOLVED' },
            { level: 2, candidateGroup: 'camat', status: 'RESOLVED' },
          ],
          actions: [
            { action: 'RAISED', level: 1, candidateGroup: 'lurah', actor: null, note: null },
            {
              action: 'ACKNOWLEDGED',
              level: 1,
              actor: 'lurah-1001',
              actorName: 'Pegawai lurah-1001',
              note: 'RT sedang sakit',
              at: '2026-03-09T01:01:00.000Z',
            },
            { action: 'PROMOTED', level: 2, candidateGroup: 'camat', actor: null },
            { action: 'RESOLVED', actor: null },
          ],
        },
      ],
    });
    const all = await get('camat', '/api/supervision/escalations');
    expect(all.body).toMatchObject({ total: 4 });
    expect((await get('camat', '/api/supervision/escalations?awaiting=true')).body).toMatchObject({
      total: 0,
    });
    expect((await get('camat', '/api/supervision/escalations?level=1')).body).toMatchObject({
      total: 0,
    });
    expect((await get('lurah-1002', '/api/supervision/escalations')).body).toMatchObject({
      total: 0,
    });
    expect((await get('lurah-1001', '/api/supervision/escalations')).body).toMatchObject({
      total: 4,
    });

    const csv = await get('camat', '/api/supervision/escalations?format=csv&status=RESOLVED');
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'breachId,policy,step,kelurahanCode,dueAt,breachedAt,level,status,action,actionLevel,candidateGroup,actor,note,at',
    );
    expect(lines.slice(1).map((l) => l.split(',').slice(8, 13).join(','))).toEqual([
      'RAISED,1,lurah,,',
      'ACKNOWLEDGED,1,lurah,lurah-1001,RT sedang sakit',
      'PROMOTED,2,camat,,',
      'RESOLVED,1,lurah,,',
    ]);
    const bad = await get('camat', '/api/supervision/escalations?status=LATE&level=5');
    expect((bad.body as ErrorAnswer).details.map((d) => d.field).sort()).toEqual([
      'level',
      'status',
    ]);
    expect(await harness.incidents()).toEqual([]);
  });
});
