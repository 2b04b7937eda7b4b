import { ControlledClock } from '../../../../platform/src/clock.js';
import {
  insertOffice,
  insertResident,
  insertStaff,
  talangJauh,
  type ResidentFixture,
} from '../../../../tests/helpers/domain-fixtures.js';
import { createTestDatabase, type TestDatabase } from '../../../../tests/helpers/test-database.js';
import {
  addLogins,
  signIn as signInAs,
  testApp,
  type TestApp,
} from '../../../../tests/helpers/api-harness.js';

const cempakaPutih = '15.71.08.1002';
// Monday 2 to Friday 13 March 2026: two working weeks without a holiday.
const period = 'from=2026-03-02&to=2026-03-13';

type Row = Record<string, unknown>;

describe('api - supervision figures from the app tables', () => {
  let db: TestDatabase;
  let app: TestApp;
  let a: ResidentFixture;
  let b: ResidentFixture;
  let c: ResidentFixture;

  // One session per login: sign-ins are limited to ten a minute per address, and the clock stands.
  const agents = new Map<string, Awaited<ReturnType<typeof signInAs>>['agent']>();
  const signIn = async (login: string) => {
    const agent = agents.get(login) ?? (await signInAs(app, login)).agent;
    agents.set(login, agent);
    return agent;
  };
  const get = async (login: string, path: string) => {
    const answer = await (await signIn(login)).get(path);
    if (answer.status !== 200) throw new Error(`${path}: ${answer.status} ${answer.text}`);
    return answer.body as { rows: Row[]; totals: Row } & Row;
  };

  let key = 5_000;
  async function task(t: {
    element: string;
    kelurahan: string;
    dueAt: string;
    deadlines: Record<string, { policy: string; dueAt: string }>;
    state?: 'CREATED' | 'COMPLETED' | 'CANCELED';
    by?: string;
    assignee?: string;
    process?: string;
  }): Promise<string> {
    const elementInstanceKey = String(key++);
    const variables = Object.fromEntries(
      Object.entries(t.deadlines).map(([name, d]) => [
        name,
        { ...d, stepName: d.policy, startedAt: d.dueAt, breachAt: d.dueAt, levels: [] },
      ]),
    );
    const state = t.state ?? 'COMPLETED';
    await db.pool.query(
      `insert into app.tasks (job_key, process_instance_key, bpmn_process_id, process_definition_version, element_id,
                              element_instance_key, assignee, candidate_groups, due_at, variables, kelurahan_code,
                              state, created_at, last_seen_at, completed_at, completed_by)
       values ($1, $2, $3, 1, $4, $1, $5, '{}', $6, $7, $8, $9, '2026-03-01T00:00:00Z', '2026-03-01T00:00:00Z',
               case when $9 = 'COMPLETED' then $6::timestamptz end, $10)`,
      [
        elementInstanceKey,
        key++,
        t.process ?? 'ektp-invitation',
        t.element,
        t.assignee ?? null,
        t.dueAt,
        JSON.stringify({ level: 1, ...variables }),
        t.kelurahan,
        state,
        state === 'COMPLETED' ? (t.by ?? null) : null,
      ],
    );
    return elementInstanceKey;
  }

  async function breach(
    element: string,
    policy: string,
    level: number,
    kelurahan: string,
    at: string,
  ): Promise<void> {
    await db.pool.query(
      `insert into app.breaches (policy_code, level, candidate_group, process_instance_key, element_instance_key,
                                 element_id, kelurahan_code, due_at, breached_at)
       values ($1, $2, 'camat', 1, $3, 'step', $4, $5, $5)`,
      [policy, level, element, kelurahan, at],
    );
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    await insertOffice(db.pool);
    await insertStaff(db.pool, {
      id: 'operator-2',
      roles: ['operator-perekaman'],
      superiorId: 'kasi',
    });
    await insertStaff(db.pool, { id: 'lurah-1002', roles: ['lurah'], unitCode: cempakaPutih });
    await insertStaff(db.pool, {
      id: 'staf-1002',
      roles: ['staf-kelurahan'],
      unitCode: cempakaPutih,
      superiorId: 'lurah-1002',
    });
    await addLogins(db.pool, 'camat', 'lurah-1002', 'loket-1');
    a = await insertResident(db.pool, { fullName: 'AHMAD' });
    b = await insertResident(db.pool, { fullName: 'BUDI' });
    c = await insertResident(db.pool, { fullName: 'CITRA', kelurahanCode: cempakaPutih });
    const d = await insertResident(db.pool, { fullName: 'DEWI' });
    const e = await insertResident(db.pool, { fullName: 'EKA', kelurahanCode: cempakaPutih });

    // Human steps with a service level. T4 is not due yet, T5 was cancelled, T6 is an
    // escalation's own task (no policy): none of them counts.
    await task({
      element: 'deliver',
      kelurahan: talangJauh,
      dueAt: '2026-03-03T01:00:00Z',
      deadlines: { deliverSla: { policy: 'INVITATION_DELIVER', dueAt: '2026-03-03T01:00:00Z' } },
      by: 'rt-1001-01-01',
    });
    const t2 = await task({
      element: 'deliver',
      kelurahan: talangJauh,
      dueAt: '2026-03-04T01:00:00Z',
      deadlines: { deliverSla: { policy: 'INVITATION_DELIVER', dueAt: '2026-03-04T01:00:00Z' } },
      by: 'rt-1001-01-01',
    });
    const t3 = await task({
      element: 'check-requirements',
      process: 'ektp-recording',
      kelurahan: cempakaPutih,
      dueAt: '2026-03-05T02:00:00Z',
      deadlines: { queueSla: { policy: 'QUEUE_WAIT', dueAt: '2026-03-05T02:00:00Z' } },
      state: 'CREATED',
      assignee: 'loket-1',
    });
    await task({
      element: 'check-requirements',
      kelurahan: cempakaPutih,
      dueAt: '2026-03-25T02:00:00Z',
      deadlines: { queueSla: { policy: 'QUEUE_WAIT', dueAt: '2026-03-25T02:00:00Z' } },
      state: 'CREATED',
    });
    await task({
      element: 'deliver',
      kelurahan: talangJauh,
      dueAt: '2026-03-04T01:00:00Z',
      deadlines: { deliverSla: { policy: 'INVITATION_DELIVER', dueAt: '2026-03-04T01:00:00Z' } },
      state: 'CANCELED',
    });
    await task({
      element: 'handle',
      process: 'sla-escalation',
      kelurahan: talangJauh,
      dueAt: '2026-03-05T05:00:00Z',
      deadlines: {},
      state: 'CREATED',
    });
    // T7 carries an earlier step's deadline as well: its own is the one with its due time.
    await task({
      element: 'handover',
      process: 'ektp-activation',
      kelurahan: talangJauh,
      dueAt: '2026-03-10T09:00:00Z',
      deadlines: {
        queueSla: { policy: 'QUEUE_WAIT', dueAt: '2026-03-03T02:00:00Z' },
        collectSla: { policy: 'CARD_COLLECT', dueAt: '2026-03-10T09:00:00Z' },
      },
      by: 'loket-1',
    });
    await breach(t2, 'INVITATION_DELIVER', 1, talangJauh, '2026-03-04T01:00:00Z');
    await breach(t2, 'INVITATION_DELIVER', 2, talangJauh, '2026-03-06T01:00:00Z');
    await breach(t3, 'QUEUE_WAIT', 1, cempakaPutih, '2026-03-05T02:00:00Z');
    await breach('777', 'CENTRAL_RECEIPT', 1, talangJauh, '2026-03-10T01:00:00Z');
    await breach('778', 'CENTRAL_RECEIPT', 1, talangJauh, '2026-02-20T01:00:00Z');

    // Cards. A: recorded Tue 10 Feb by operator-1, printed Tue 10 Mar: 28 days, 18 working days
    // (16 and 17 February are a holiday). B: an old recording of 2025 before this lifecycle, recorded
    // again 2 Feb by operator-2; a first card voided for a defect, the kept one printed 12 Mar: 38 days,
    // 26 working days. C: never recorded here (the request counts), 4 days.
    const lifecycle = (nik: string, at: string) =>
      db.pool.query(`insert into app.lifecycles (nik, started_at) values ($1, $2)`, [nik, at]);
    const enrolment = (nik: string, attempt: number, operator: string, at: string) =>
      db.pool.query(
        `insert into app.enrolments (nik, attempt, operator_id, captured_at) values ($1, $2, $3, $4)`,
        [nik, attempt, operator, at],
      );
    const card = async (nik: string, attempt: number, at: string, status = 'PRINTED') => {
      const { rows } = await db.pool.query<{ id: string }>(
        `insert into app.print_jobs (nik, attempt, requested_at, status, defect, printed_at)
         values ($1, $2, $3, $4, $5, $3) returning id::text`,
        [
          nik,
          attempt,
          at,
          status === 'VOID' ? 'DEFECT' : 'PRINTED',
          status === 'VOID' ? 'NAME' : null,
        ],
      );
      await db.pool.query(
        `insert into app.cards (serial, nik, print_job_id, status, printed_at) values ($1, $2, $3, $4, $5)`,
        [`KTP-${nik}-${attempt}`, nik, rows[0]!.id, status, at],
      );
    };
    await lifecycle(a.nik, '2026-02-01T02:00:00Z');
    await enrolment(a.nik, 1, 'operator-1', '2026-02-10T02:00:00Z');
    await card(a.nik, 1, '2026-03-10T02:00:00Z');
    await enrolment(b.nik, 1, 'operator-1', '2025-06-01T02:00:00Z');
    await lifecycle(b.nik, '2026-01-25T02:00:00Z');
    await enrolment(b.nik, 2, 'operator-2', '2026-02-02T02:00:00Z');
    await card(b.nik, 1, '2026-03-05T02:00:00Z', 'VOID');
    await card(b.nik, 2, '2026-03-12T02:00:00Z');
    await lifecycle(c.nik, '2026-03-02T03:00:00Z');
    await card(c.nik, 1, '2026-03-06T03:00:00Z');

    // Queue tickets: 30, 90 (over the 60 minutes) and 45 minutes; one still waiting, one gone.
    const ticket = (
      day: string,
      n: number,
      nik: string | null,
      issued: string,
      called: string | null,
      status: string,
    ) =>
      db.pool.query(
        `insert into app.queue_tickets (service_date, number, nik, issued_at, called_at, served_at, status)
         values ($1, $2, $3, $4, $5, case when $6 = 'SERVED' then $5::timestamptz end, $6)`,
        [day, n, nik, issued, called, status],
      );
    await ticket('2026-03-03', 1, a.nik, '2026-03-03T01:00:00Z', '2026-03-03T01:30:00Z', 'SERVED');
    await ticket('2026-03-03', 2, c.nik, '2026-03-03T01:05:00Z', '2026-03-03T02:35:00Z', 'CALLED');
    await ticket('2026-03-03', 3, null, '2026-03-03T01:10:00Z', null, 'WAITING');
    await ticket('2026-03-10', 1, b.nik, '2026-03-10T01:00:00Z', '2026-03-10T01:45:00Z', 'SERVED');
    await ticket('2026-03-10', 2, a.nik, '2026-03-10T01:10:00Z', null, 'NO_SHOW');

    // Invitations: Talang Jauh's March batch (signed 2 March): A delivered, B moved away, D still a
    // draft; C's second letter without a batch (9 March), delivered; E's February letter is older.
    const batch = async (kelurahan: string, month: string, signedAt: string) =>
      (
        await db.pool.query<{ id: string }>(
          `insert into app.invitation_batches (kelurahan_code, period, resident_count, signed_at, signed_by)
           values ($1, $2, 3, $3, 'camat') returning id::text`,
          [kelurahan, month, signedAt],
        )
      ).rows[0]!.id;
    const march = await batch(talangJauh, '2026-03', '2026-03-02T03:00:00Z');
    const february = await batch(cempakaPutih, '2026-02', '2026-02-25T03:00:00Z');
    const letter = (
      batchId: string | null,
      nik: string,
      attempt: number,
      status: string,
      deliveredAt: string | null,
      createdAt = '2026-02-27T03:00:00Z',
    ) =>
      db.pool.query(
        `insert into app.invitations (batch_id, nik, attempt, letter_no, check_in_code, status, undeliverable_reason,
                                      delivered_at, created_at)
         values ($1, $2, $3, $4, $4, $5, case when $5 = 'UNDELIVERABLE' then 'MOVED' end, $6, $7)`,
        [batchId, nik, attempt, `U-${nik}-${attempt}`, status, deliveredAt, createdAt],
      );
    await letter(march, a.nik, 1, 'DELIVERED', '2026-03-04T03:00:00Z');
    await letter(march, b.nik, 1, 'UNDELIVERABLE', null);
    await letter(march, d.nik, 1, 'DRAFT', null);
    await letter(null, c.nik, 2, 'NO_SHOW', '2026-03-10T03:00:00Z', '2026-03-09T02:00:00Z');
    await letter(february, e.nik, 1, 'DELIVERED', '2026-02-26T03:00:00Z');

    // Attendance.
    await db.pool.query(
      `insert into app.attendance (staff_id, day, status, minutes_late) values
         ('staf-1001', '2026-02-27', 'TANPA_KETERANGAN', 0),
         ('staf-1001', '2026-03-02', 'TANPA_KETERANGAN', 0),
         ('staf-1001', '2026-03-03', 'TANPA_KETERANGAN', 0),
         ('staf-1001', '2026-03-04', 'HADIR', 15),
         ('staf-1002', '2026-03-02', 'IZIN', 0),
         ('operator-1', '2026-03-09', 'HADIR', 5),
         ('operator-1', '2026-03-10', 'TANPA_KETERANGAN', 0)`,
    );

    // Blanko: 60 received, then 2 printed, 1 spoiled, 3 printed in the period and 4 after it.
    const move = (kind: string, quantity: number, at: string) =>
      db.pool.query(
        `insert into app.stock_movements (location_code, item, quantity, kind, at) values ('15.71', 'BLANKO', $1, $2, $3)`,
        [quantity, kind, at],
      );
    await move('RECEIVE', 60, '2026-02-25T02:00:00Z');
    await move('ISSUE_PRINT', -2, '2026-03-03T02:00:00Z');
    await move('SPOIL', -1, '2026-03-05T02:00:00Z');
    await move('ISSUE_PRINT', -3, '2026-03-10T02:00:00Z');
    await move('ISSUE_PRINT', -4, '2026-03-16T02:00:00Z');
    await db.pool.query(
      `update app.stock set on_hand = 50 where location_code = '15.71' and item = 'BLANKO'`,
    );

    const clock = new ControlledClock();
    // Friday 20 March 2026, 16:00 WIB.
    clock.pin(Date.parse('2026-03-20T09:00:00Z'));
    app = testApp(db.pool, { clock });
  });

  afterAll(async () => {
    await db.drop();
  });

  const totals = {
    stepsDue: 4,
    stepsBreached: 2,
    breachRate: 0.5,
    lateSteps: 3,
    escalatedSteps: 1,
    cardsPrinted: 3,
    // (28 + 38 + 4) / 3 days; (18 + 26 + 4) / 3 working days; A and C within 18 working days.
    timeToCardAvgDays: 23.3,
    timeToCardAvgWorkingDays: 16,
    cardsWithinPromise: 2,
    withinPromiseRate: 0.667,
    ticketsIssued: 5,
    ticketsCalled: 3,
    queueWaitAvgMinutes: 55,
    queueWaitMaxMinutes: 90,
    ticketsOverLimit: 1,
    invitationsIssued: 3,
    invitationsDelivered: 2,
    invitationsUndeliverable: 1,
    deliveryRate: 0.667,
    absentWithoutReason: 3,
    lateArrivals: 2,
    // 6 used in the period; 54 on hand at its end (the 4 printed later added back), used 6 in the
    // 14 days before: 54 × 14 / 6 = 126 days.
    blankoUsed: 6,
    blankoOnHand: 54,
    blankoDaysOfCover: 126,
  };

  it('should give every figure per step with the totals, and the promise it measures against', async () => {
    const steps = await get('camat', `/api/supervision/figures/steps?${period}`);
    expect(steps).toMatchObject({
      from: '2026-03-02',
      to: '2026-03-13',
      promiseWorkingDays: 18,
      queueLimitMinutes: 60,
      coverWindowDays: 14,
      totals,
    });
    const of = (policy: string) => steps.rows.find((r) => r.policy === policy);
    expect(of('INVITATION_DELIVER')).toEqual({
      policy: 'INVITATION_DELIVER',
      step: 'Ketua RT menyampaikan surat undangan kepada warga',
      stepsDue: 2,
      stepsBreached: 1,
      breachRate: 0.5,
      lateSteps: 1,
      escalatedSteps: 1,
    });
    expect(of('QUEUE_WAIT')).toMatchObject({
      stepsDue: 1,
      stepsBreached: 1,
      breachRate: 1,
      lateSteps: 1,
      escalatedSteps: 0,
    });
    expect(of('CARD_COLLECT')).toMatchObject({ stepsDue: 1, stepsBreached: 0, breachRate: 0 });
    expect(of('CENTRAL_RECEIPT')).toMatchObject({
      stepsDue: 0,
      breachRate: null,
      lateSteps: 1,
    });
    expect(steps.rows).toHaveLength(18);
  });

  it('should count the cards by their working days to card, against the promise', async () => {
    const distribution = (await get(
      'camat',
      `/api/supervision/figures/time-to-card?${period}`,
    )) as unknown as {
      promiseWorkingDays: number;
      cards: number;
      cardsWithinPromise: number;
      buckets: Array<{ workingDays: number; cards: number }>;
    };
    expect(distribution).toMatchObject({ promiseWorkingDays: 18, cards: 3, cardsWithinPromise: 2 });
    // The same cards as the totals: 3 cards averaging 16 working days.
    const { buckets } = distribution;
    expect(buckets.reduce((sum, b) => sum + b.cards, 0)).toBe(totals.cardsPrinted);
    expect(buckets.reduce((sum, b) => sum + b.workingDays * b.cards, 0) / 3).toBe(
      totals.timeToCardAvgWorkingDays,
    );
    expect(buckets.filter((b) => b.workingDays > 18).reduce((sum, b) => sum + b.cards, 0)).toBe(1);
  });

  it('should give the figures per kelurahan', async () => {
    const kelurahan = await get('camat', `/api/supervision/figures/kelurahan?${period}`);
    expect(kelurahan.rows).toHaveLength(7);
    expect(kelurahan.rows[0]).toEqual({
      kelurahanCode: talangJauh,
      kelurahanName: 'Talang Jauh',
      stepsDue: 3,
      stepsBreached: 1,
      breachRate: 0.333,
      lateSteps: 2,
      escalatedSteps: 1,
      cardsPrinted: 2,
      timeToCardAvgDays: 33,
      timeToCardAvgWorkingDays: 22,
      cardsWithinPromise: 1,
      withinPromiseRate: 0.5,
      ticketsIssued: 3,
      ticketsCalled: 2,
      queueWaitAvgMinutes: 37.5,
      queueWaitMaxMinutes: 45,
      ticketsOverLimit: 0,
      invitationsIssued: 2,
      invitationsDelivered: 1,
      invitationsUndeliverable: 1,
      deliveryRate: 0.5,
      absentWithoutReason: 2,
      lateArrivals: 1,
    });
    expect(kelurahan.rows[1]).toMatchObject({
      kelurahanCode: cempakaPutih,
      stepsDue: 1,
      stepsBreached: 1,
      cardsPrinted: 1,
      timeToCardAvgDays: 4,
      timeToCardAvgWorkingDays: 4,
      cardsWithinPromise: 1,
      queueWaitAvgMinutes: 90,
      ticketsOverLimit: 1,
      invitationsIssued: 1,
      invitationsDelivered: 1,
      absentWithoutReason: 0,
    });
    expect(kelurahan.rows[2]).toMatchObject({
      kelurahanCode: '15.71.08.1003',
      stepsDue: 0,
      breachRate: null,
      timeToCardAvgDays: null,
      queueWaitAvgMinutes: null,
      deliveryRate: null,
    });
  });

  it('should give the figures per officer: the tasks they held, the residents they recorded, their attendance', async () => {
    const officers = await get('camat', `/api/supervision/figures/officers?${period}`);
    expect(officers.rows.map((r) => r.staffId)).toEqual([
      'loket-1',
      'operator-1',
      'operator-2',
      'rt-1001-01-01',
      'staf-1001',
      'staf-1002',
    ]);
    const of = (id: string) => officers.rows.find((r) => r.staffId === id);
    expect(of('loket-1')).toMatchObject({ stepsDue: 2, stepsBreached: 1, breachRate: 0.5 });
    expect(of('rt-1001-01-01')).toMatchObject({
      name: 'Pegawai rt-1001-01-01',
      unitCode: talangJauh,
      stepsDue: 2,
      stepsBreached: 1,
      cardsPrinted: 0,
    });
    expect(of('operator-1')).toMatchObject({
      cardsPrinted: 1,
      timeToCardAvgDays: 28,
      timeToCardAvgWorkingDays: 18,
      cardsWithinPromise: 1,
      absentWithoutReason: 1,
      lateArrivals: 1,
    });
    expect(of('operator-2')).toMatchObject({
      cardsPrinted: 1,
      timeToCardAvgDays: 38,
      timeToCardAvgWorkingDays: 26,
      cardsWithinPromise: 0,
      withinPromiseRate: 0,
    });
    expect(of('staf-1001')).toMatchObject({ absentWithoutReason: 2, lateArrivals: 1, stepsDue: 0 });
    expect(of('staf-1002')).toMatchObject({ absentWithoutReason: 0, lateArrivals: 0 });
  });

  it('should give the figures per week, with blanko used and days of cover at the end of each', async () => {
    const weeks = await get('camat', `/api/supervision/figures/periods?${period}&unit=week`);
    expect(weeks.rows).toEqual([
      {
        period: '2026-03-02',
        stepsDue: 3,
        stepsBreached: 2,
        breachRate: 0.667,
        lateSteps: 2,
        escalatedSteps: 1,
        cardsPrinted: 1,
        timeToCardAvgDays: 4,
        timeToCardAvgWorkingDays: 4,
        cardsWithinPromise: 1,
        withinPromiseRate: 1,
        ticketsIssued: 3,
        ticketsCalled: 2,
        queueWaitAvgMinutes: 60,
        queueWaitMaxMinutes: 90,
        ticketsOverLimit: 1,
        invitationsIssued: 2,
        invitationsDelivered: 1,
        invitationsUndeliverable: 1,
        deliveryRate: 0.5,
        absentWithoutReason: 2,
        lateArrivals: 1,
        // 3 used; 57 on hand on Sunday night; 3 used in the 14 days before: 57 × 14 / 3.
        blankoUsed: 3,
        blankoOnHand: 57,
        blankoDaysOfCover: 266,
      },
      {
        period: '2026-03-09',
        stepsDue: 1,
        stepsBreached: 0,
        breachRate: 0,
        lateSteps: 1,
        escalatedSteps: 0,
        cardsPrinted: 2,
        timeToCardAvgDays: 33,
        timeToCardAvgWorkingDays: 22,
        cardsWithinPromise: 1,
        withinPromiseRate: 0.5,
        ticketsIssued: 2,
        ticketsCalled: 1,
        queueWaitAvgMinutes: 45,
        queueWaitMaxMinutes: 45,
        ticketsOverLimit: 0,
        invitationsIssued: 1,
        invitationsDelivered: 1,
        invitationsUndeliverable: 0,
        deliveryRate: 1,
        absentWithoutReason: 1,
        lateArrivals: 1,
        blankoUsed: 3,
        blankoOnHand: 54,
        blankoDaysOfCover: 126,
      },
    ]);
    const days = await get('camat', `/api/supervision/figures/periods?${period}`);
    expect(days.rows.map((r) => r.period)).toHaveLength(12);
    expect(days.rows[1]).toMatchObject({ period: '2026-03-03', ticketsIssued: 3, blankoUsed: 2 });
    // No use in the 3 days before the end: no days of cover to tell.
    const short = await get('camat', `/api/supervision/figures/steps?${period}&coverWindowDays=3`);
    expect(short.totals).toMatchObject({ blankoOnHand: 54, blankoDaysOfCover: null });
  });

  it("should show a Lurah their kelurahan's figures only", async () => {
    const own = await get('lurah-1002', `/api/supervision/figures/kelurahan?${period}`);
    expect(own.rows.map((r) => r.kelurahanCode)).toEqual([cempakaPutih]);
    expect(own.totals).toMatchObject({
      stepsDue: 1,
      stepsBreached: 1,
      lateSteps: 1,
      cardsPrinted: 1,
      ticketsIssued: 1,
      invitationsIssued: 1,
      absentWithoutReason: 0,
      // The Dinas's one stock serves every kelurahan.
      blankoUsed: 6,
    });
    const officers = await get('lurah-1002', `/api/supervision/figures/officers?${period}`);
    expect(officers.rows.map((r) => r.staffId)).toEqual(['loket-1', 'staf-1002']);
    // Others narrow to a kelurahan with the filter.
    const narrowed = await get(
      'camat',
      `/api/supervision/figures/steps?${period}&kelurahan=${cempakaPutih}`,
    );
    expect(narrowed.totals).toEqual(own.totals);
    const lurah = await signIn('lurah-1002');
    const other = await lurah.get(
      `/api/supervision/figures/steps?${period}&kelurahan=${talangJauh}`,
    );
    expect([other.status, (other.body as { error: string }).error]).toEqual([403, 'forbidden']);
    expect((await (await signIn('loket-1')).get('/api/supervision/figures/steps')).status).toBe(
      403,
    );
  });

  it('should default to the 30 days up to today (WIB) and export each list as CSV', async () => {
    const recent = await get('camat', '/api/supervision/figures/periods?unit=month');
    expect(recent).toMatchObject({ from: '2026-02-19', to: '2026-03-20' });
    expect(recent.rows.map((r) => r.period)).toEqual(['2026-02-19', '2026-03-01']);

    const camat = await signIn('camat');
    const csv = await camat.get(`/api/supervision/figures/steps?${period}&format=csv`);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(
      /angka-per-langkah-2026-03-02-2026-03-13\.csv/,
    );
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('policy,step,stepsDue,stepsBreached,breachRate,lateSteps,escalatedSteps');
    expect(lines).toContain('QUEUE_WAIT,Warga menunggu panggilan di loket,1,1,1,1,0');
    expect(lines).toContain('CENTRAL_PRR,Data perekaman siap cetak (PRR),0,0,,0,0');
    const officers = await camat.get(`/api/supervision/figures/officers?${period}&format=csv`);
    expect(officers.text.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe(
      'staffId,name,unitCode,stepsDue,stepsBreached,breachRate,cardsPrinted,timeToCardAvgDays,timeToCardAvgWorkingDays,cardsWithinPromise,withinPromiseRate,absentWithoutReason,lateArrivals',
    );
  });

  it('should refuse a bad period with one detail per field', async () => {
    const camat = await signIn('camat');
    const bad = await camat.get(
      '/api/supervision/figures/periods?unit=year&from=2026-03-10&to=2026-03-01',
    );
    expect(bad.status).toBe(400);
    expect((bad.body as { details: unknown[] }).details).toEqual([
      { field: 'unit', message: expect.any(String) as string },
    ]);
    const backwards = await camat.get(
      '/api/supervision/figures/steps?from=2026-03-10&to=2026-03-01',
    );
    expect(backwards.body).toMatchObject({
      details: [{ field: 'to', message: 'must not be before from' }],
    });
    const notADay = await camat.get(
      '/api/supervision/figures/kelurahan?from=2026-02-30&coverWindowDays=0',
    );
    expect(
      (notADay.body as { details: Array<{ field: string }> }).details.map((d) => d.field).sort(),
    ).toEqual(['coverWindowDays', 'from']);
    const tooLong = await camat.get('/api/supervision/figures/steps?from=2020-01-01&to=2026-01-01');
    expect(tooLong.body).toMatchObject({ details: [{ field: 'to' }] });
  });
});
