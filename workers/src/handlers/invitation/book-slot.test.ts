import {
  startHandlerHarness,
  type HandlerHarness,
} from '../../../../tests/helpers/handler-harness.js';
import { insertOffice, insertResident } from '../../../../tests/helpers/domain-fixtures.js';
import { invitationBookSlot } from './book-slot.js';

describe('ektp.invitation.book-slot', () => {
  let harness: HandlerHarness;
  let serial = 0;
  const query = <R extends object>(sql: string, params: unknown[] = []) =>
    harness.db.pool.query<R>(sql, params).then((r) => r.rows);

  /** A resident whose letter (batch-less here) is in `status`. */
  async function delivered(status = 'DELIVERED'): Promise<{ nik: string; invitationId: number }> {
    serial += 1;
    const { nik } = await insertResident(harness.db.pool, { birthDate: '2000-07-07' });
    const [row] = await query<{ id: string }>(
      `insert into app.invitations (nik, attempt, letter_no, check_in_code, status, delivered_at)
       values ($1, 1, $2, $2, $3, case when $3 = 'DELIVERED' then now() end) returning id`,
      [nik, `SLOT-${serial}`, status],
    );
    return { nik, invitationId: Number(row?.id) };
  }

  const book = (letter: { nik: string; invitationId: number }) =>
    harness.invoke(invitationBookSlot, { variables: letter });

  const slotStartOf = (outcome: Awaited<ReturnType<typeof book>>) =>
    outcome.kind === 'complete' ? outcome.variables.slotStart : undefined;

  const bookedOn = (day: string) =>
    query<{ station_id: string; starts_at: Date; capacity: number; booked: number }>(
      `select station_id, starts_at, capacity, booked from app.appointment_slots
        where (starts_at at time zone 'Asia/Jakarta')::date = $1 order by starts_at, station_id`,
      [day],
    );

  beforeAll(async () => {
    harness = await startHandlerHarness();
  });

  afterAll(async () => {
    await harness.stop();
  });

  it('should raise an incident when the kecamatan has no recording station', async () => {
    const outcome = await book(await delivered());
    expect(outcome).toEqual({
      kind: 'fail',
      noRetry: true,
      message: expect.stringContaining('no recording station') as string,
    });
    expect(await query('select 1 from app.appointment_slots')).toHaveLength(0);
  });

  it('should book the first hour of the next working day, with the attendance deadline from it', async () => {
    // given three stations of 40 a day; Monday 2 March 2026, 09:00 WIB
    await insertOffice(harness.db.pool);
    harness.clock.pin(Date.parse('2026-03-02T02:00:00Z'));
    const letter = await delivered();

    // when
    const outcome = await book(letter);

    // then Tuesday 08:00 WIB; attendance due 10 working days later, 17 March
    expect(outcome).toEqual({
      kind: 'complete',
      variables: {
        slotStart: '2026-03-03T01:00:00.000Z',
        stationId: 'REKAM-1',
        attendSla: {
          policy: 'RESIDENT_ATTEND',
          stepName: expect.any(String) as string,
          startedAt: '2026-03-03T01:00:00.000Z',
          dueAt: '2026-03-17T01:00:00.000Z',
          breachAt: '2026-03-17T01:00:00.000Z',
          levels: [],
        },
      },
    });
    // the day is cut into 7 hourly slots a station, 40 / 7 → 6 places each
    const day = await bookedOn('2026-03-03');
    expect(day).toHaveLength(21);
    expect(new Set(day.map((s) => s.capacity))).toEqual(new Set([6]));
    expect(day[0]).toMatchObject({
      station_id: 'REKAM-1',
      starts_at: new Date('2026-03-03T01:00:00Z'),
      booked: 1,
    });
    expect(day.reduce((sum, s) => sum + s.booked, 0)).toBe(1);
    const [held] = await query<{ starts_at: Date }>(
      `select s.starts_at from app.invitations i join app.appointment_slots s on s.id = i.slot_id
        where i.id = $1`,
      [letter.invitationId],
    );
    expect(held?.starts_at).toEqual(new Date('2026-03-03T01:00:00Z'));
  });

  it('should keep the slot an invitation holds when the job comes again', async () => {
    // given
    const letter = await delivered();
    const first = await book(letter);
    const before = await bookedOn('2026-03-03');

    // when
    harness.clock.add(30 * 60_000);
    const again = await book(letter);

    // then
    expect(again).toEqual(first);
    expect(await bookedOn('2026-03-03')).toEqual(before);
  });

  it('should spread residents over the stations at the same hour', async () => {
    // given the two letters above hold REKAM-1 and REKAM-2 at 08:00
    const letter = await delivered();

    // when
    const outcome = await book(letter);

    // then
    expect(outcome).toMatchObject({
      kind: 'complete',
      variables: { slotStart: '2026-03-03T01:00:00.000Z', stationId: 'REKAM-3' },
    });
  });

  it('should go on to the next day when a day is full', async () => {
    // given Tuesday is fully booked
    await harness.db.pool.query(
      `update app.appointment_slots set booked = capacity
        where (starts_at at time zone 'Asia/Jakarta')::date = '2026-03-03'`,
    );

    // when
    const outcome = await book(await delivered());

    // then Wednesday 08:00
    expect(slotStartOf(outcome)).toBe('2026-03-04T01:00:00.000Z');
  });

  it('should skip the weekend and the holidays', async () => {
    // given Friday 6 March → Monday 9 March; Tuesday 17 March → past Nyepi and Idul Fitri (18–24)
    harness.clock.pin(Date.parse('2026-03-06T02:00:00Z'));
    const friday = await book(await delivered());
    harness.clock.pin(Date.parse('2026-03-17T02:00:00Z'));
    const beforeHolidays = await book(await delivered());

    // then
    expect(slotStartOf(friday)).toBe('2026-03-09T01:00:00.000Z');
    expect(slotStartOf(beforeHolidays)).toBe('2026-03-25T01:00:00.000Z');
    expect(await bookedOn('2026-03-18')).toEqual([]);
  });

  it('should book a new slot for an invitation whose slot has passed (after a home visit)', async () => {
    // given a slot on Monday 9 March that has passed
    harness.clock.pin(Date.parse('2026-03-06T02:00:00Z'));
    const letter = await delivered();
    const first = await book(letter);
    harness.clock.pin(Date.parse('2026-03-30T02:00:00Z'));

    // when
    const again = await book(letter);

    // then a slot on Tuesday 31 March; the slot missed stays counted
    expect(slotStartOf(first)).toBe('2026-03-09T01:00:00.000Z');
    expect(slotStartOf(again)).toBe('2026-03-31T01:00:00.000Z');
    const monday = await bookedOn('2026-03-09');
    expect(monday.reduce((sum, s) => sum + s.booked, 0)).toBe(2);
  });

  it('should raise an incident for a letter that is not in circulation, and book nothing', async () => {
    // given
    const before = await query('select id, booked from app.appointment_slots order by id');
    const letter = await delivered('FULFILLED');

    // when
    const outcome = await book(letter);

    // then
    expect(outcome).toMatchObject({ kind: 'fail', noRetry: true });
    expect(await query('select id, booked from app.appointment_slots order by id')).toEqual(before);
  });
});
