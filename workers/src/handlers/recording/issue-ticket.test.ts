import {
  startHandlerHarness,
  type HandlerHarness,
} from '../../../../tests/helpers/handler-harness.js';
import { insertOffice, insertResident } from '../../../../tests/helpers/domain-fixtures.js';
import { recordingIssueTicket } from './issue-ticket.js';

describe('ektp.recording.issue-ticket', () => {
  let harness: HandlerHarness;
  const query = <R extends object>(sql: string, params: unknown[] = []) =>
    harness.db.pool.query<R>(sql, params).then((r) => r.rows);
  const resident = async () =>
    (await insertResident(harness.db.pool, { birthDate: '2000-09-09' })).nik;
  const ticket = (nik: string, stationId?: string) =>
    harness.invoke(recordingIssueTicket, { variables: { nik, stationId } });
  const issued = (outcome: Awaited<ReturnType<typeof ticket>>) => {
    if (outcome.kind !== 'complete') throw new Error(`no ticket: ${JSON.stringify(outcome)}`);
    return outcome.variables;
  };

  beforeAll(async () => {
    harness = await startHandlerHarness();
    await insertOffice(harness.db.pool);
    // Monday 2 March 2026, 08:05 WIB
    harness.clock.pin(Date.parse('2026-03-02T01:05:00Z'));
  });

  afterAll(async () => {
    await harness.stop();
  });

  it("should give the day's first number and the station with the shortest queue", async () => {
    // given
    const nik = await resident();

    // when
    const outcome = await ticket(nik);

    // then
    expect(outcome).toEqual({
      kind: 'complete',
      variables: {
        queueNumber: 1,
        ticketId: expect.any(Number) as number,
        stationId: 'REKAM-1',
        nikMasked: `${nik.slice(0, 6)}******${nik.slice(12)}`,
      },
    });
    expect(
      await query(
        `select service_date::text, number, nik, issued_at, status, station_id from app.queue_tickets`,
      ),
    ).toEqual([
      {
        service_date: '2026-03-02',
        number: 1,
        nik,
        issued_at: new Date('2026-03-02T01:05:00Z'),
        status: 'WAITING',
        station_id: 'REKAM-1',
      },
    ]);
  });

  it('should answer the same ticket when the job comes again the same day', async () => {
    // given
    const nik = await resident();
    const first = issued(await ticket(nik));
    const before = await query('select * from app.queue_tickets order by id');

    // when
    harness.clock.add(20 * 60_000);
    const again = issued(await ticket(nik));

    // then
    expect(again).toEqual(first);
    expect(await query('select * from app.queue_tickets order by id')).toEqual(before);
  });

  it('should spread residents over the stations, skipping one that is down', async () => {
    // given REKAM-1 and REKAM-2 have one waiting each; REKAM-3 is down
    await harness.db.pool.query(
      `insert into app.station_outages (station_id, started_at, cause, reported_by)
       values ('REKAM-3', now(), 'Kamera rusak', 'kasi')`,
    );

    // when
    const next = issued(await ticket(await resident()));
    const after = issued(await ticket(await resident()));

    // then
    expect([next.queueNumber, next.stationId]).toEqual([3, 'REKAM-1']);
    expect([after.queueNumber, after.stationId]).toEqual([4, 'REKAM-2']);
    await harness.db.pool.query(
      `update app.station_outages set ended_at = started_at + interval '1 minute'`,
    );
  });

  it('should send the resident to the station asked for', async () => {
    const outcome = issued(await ticket(await resident(), 'REKAM-2'));
    expect(outcome).toMatchObject({ queueNumber: 5, stationId: 'REKAM-2' });
  });

  it('should never hand out a number twice to residents at two counters at once', async () => {
    // given
    const niks = await Promise.all(Array.from({ length: 8 }, () => resident()));

    // when
    const outcomes = await Promise.all(niks.map((nik) => ticket(nik)));

    // then
    const numbers = outcomes.map((o) => issued(o).queueNumber);
    expect(numbers.sort((a, b) => a - b)).toEqual([6, 7, 8, 9, 10, 11, 12, 13]);
  });

  it('should start again from 1 on the next WIB day', async () => {
    // given 00:30 WIB on Tuesday is still Monday in UTC
    harness.clock.pin(Date.parse('2026-03-02T17:30:00Z'));

    // when
    const outcome = issued(await ticket(await resident()));

    // then
    expect(outcome.queueNumber).toBe(1);
    const [row] = await query<{ service_date: string }>(
      `select service_date::text from app.queue_tickets where id = $1`,
      [outcome.ticketId],
    );
    expect(row?.service_date).toBe('2026-03-03');
  });

  it('should raise an incident for a station that is not a recording station, and issue nothing', async () => {
    const before = await query('select id from app.queue_tickets');
    const outcome = await ticket(await resident(), 'CETAK-1');
    expect(outcome).toEqual({
      kind: 'fail',
      noRetry: true,
      message: expect.stringContaining('CETAK-1') as string,
    });
    expect(await query('select id from app.queue_tickets')).toEqual(before);
  });

  it('should raise an incident for a resident who is not registered, naming the NIK masked', async () => {
    const outcome = await ticket('1571080909000999');
    expect(outcome).toEqual({
      kind: 'fail',
      noRetry: true,
      message: expect.stringContaining('157108******0999') as string,
    });
  });
});
