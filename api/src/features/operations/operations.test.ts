import { ControlledClock } from '../../../../platform/src/clock.js';
import {
  insertOffice,
  insertResident,
  insertStaff,
  talangJauh,
} from '../../../../tests/helpers/domain-fixtures.js';
import { createTestDatabase, type TestDatabase } from '../../../../tests/helpers/test-database.js';
import {
  addLogins,
  signIn as signInAs,
  testApp,
  type TestApp,
} from '../../../../tests/helpers/api-harness.js';

const cempakaPutih = '15.71.08.1002';

function csvLines(text: string): string[] {
  return text
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');
}

describe('api - operations data: blanko, stations and outages, attendance', () => {
  let db: TestDatabase;
  let app: TestApp;

  // One session per login: sign-ins are limited to ten a minute per address, and the clock stands.
  const agents = new Map<string, Awaited<ReturnType<typeof signInAs>>['agent']>();
  const signIn = async (login: string) => {
    const known = agents.get(login);
    if (known) return known;
    const { agent } = await signInAs(app, login);
    agents.set(login, agent);
    return agent;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    await insertOffice(db.pool);
    await insertStaff(db.pool, { id: 'lurah-1002', roles: ['lurah'], unitCode: cempakaPutih });
    await insertStaff(db.pool, {
      id: 'staf-1002',
      roles: ['staf-kelurahan'],
      unitCode: cempakaPutih,
      superiorId: 'lurah-1002',
    });
    await insertStaff(db.pool, { id: 'auditor', roles: ['auditor'] });
    await addLogins(
      db.pool,
      'camat',
      'kasi',
      'loket-1',
      'lurah-1001',
      'kadis',
      'dinas-gudang',
      'auditor',
    );

    // Blanko at the Dinas: 100 received, 3 reserved, 2 + 4 printed, 1 spoiled → 93 on hand.
    const move = (kind: string, quantity: number, at: string, reference: string | null = null) =>
      db.pool.query(
        `insert into app.stock_movements (location_code, item, quantity, kind, reference, at)
         values ('15.71', 'BLANKO', $1, $2, $3, $4)`,
        [quantity, kind, reference, at],
      );
    await move('RECEIVE', 100, '2026-02-20T02:00:00Z', 'delivery:PROV-1');
    await move('RESERVE', 3, '2026-03-02T02:00:00Z', 'print-job:1');
    await move('ISSUE_PRINT', -2, '2026-03-03T02:00:00Z', 'print-job:1');
    // 4 March 01:00 WIB, still 3 March in UTC.
    await move('SPOIL', -1, '2026-03-03T18:00:00Z', 'print-job:1');
    await move('ISSUE_PRINT', -4, '2026-03-09T02:00:00Z', 'print-job:2');
    await db.pool.query(
      `update app.stock set on_hand = 93, reserved = 0 where location_code = '15.71' and item = 'BLANKO'`,
    );
    const { nik } = await insertResident(db.pool);
    await db.pool.query(
      `insert into app.print_jobs (nik, attempt, requested_at, status) values ($1, 1, '2026-03-09T03:00:00Z', 'WAITING_STOCK')`,
      [nik],
    );

    // Stations: REKAM-1..3 of the office, a printer at the Dinas; one outage over, one going on.
    await db.pool.query(
      `insert into app.stations (id, kind, name, location_code, daily_capacity) values ('CETAK-1', 'PRINTER', 'Printer Dinas', '15.71', 500)`,
    );
    await db.pool.query(
      `insert into app.station_outages (station_id, started_at, ended_at, cause, reported_by) values
         ('REKAM-2', '2026-03-03T01:00:00Z', '2026-03-03T02:30:00Z', 'Jaringan putus', 'operator-1'),
         ('REKAM-3', '2026-03-10T02:00:00Z', null, 'Kamera rusak', 'operator-1')`,
    );

    // Attendance in Talang Jauh, Cempaka Putih, the kecamatan office and the Dinas.
    await db.pool.query(
      `insert into app.attendance (staff_id, day, status, first_login_at, minutes_late) values
         ('staf-1001', '2026-03-02', 'TANPA_KETERANGAN', null, 0),
         ('staf-1001', '2026-03-03', 'HADIR', '2026-03-03T01:20:00Z', 20),
         ('staf-1002', '2026-03-02', 'TANPA_KETERANGAN', null, 0),
         ('operator-1', '2026-03-02', 'HADIR', '2026-03-02T00:55:00Z', 0),
         ('dinas-cetak', '2026-03-02', 'SAKIT', null, 0)`,
    );

    const clock = new ControlledClock();
    clock.pin(Date.parse('2026-03-10T03:00:00Z'));
    app = testApp(db.pool, { clock });
  });

  afterAll(async () => {
    await db.drop();
  });

  describe('blanko', () => {
    it('should show the stock with what is reserved, the use of 14 days and the days of cover', async () => {
      const gudang = await signIn('dinas-gudang');
      const stock = await gudang.get('/api/operations/blanko/stock');
      expect(stock.status).toBe(200);
      expect(stock.body).toEqual({
        usageWindowDays: 14,
        printJobsWaitingForBlanko: 1,
        items: [
          {
            locationCode: '15.71',
            item: 'BLANKO',
            onHand: 93,
            reserved: 0,
            available: 93,
            // 2 + 1 + 4 used since 24 February: 93 × 14 / 7 = 186 days.
            usedInWindow: 7,
            daysOfCover: 186,
            updatedAt: expect.any(String) as string,
          },
          {
            locationCode: '15.71',
            item: 'RIBBON',
            onHand: 0,
            reserved: 0,
            available: 0,
            usedInWindow: 0,
            daysOfCover: null,
            updatedAt: expect.any(String) as string,
          },
        ],
      });
      // The counter tells residents whether a card can be printed: it reads the stock too.
      expect((await (await signIn('loket-1')).get('/api/operations/blanko/stock')).status).toBe(
        200,
      );
      expect((await (await signIn('lurah-1001')).get('/api/operations/blanko/stock')).status).toBe(
        403,
      );
    });

    it('should list movements newest first, filtered by kind and WIB day, in pages or CSV', async () => {
      const kasi = await signIn('kasi');
      const printed = await kasi.get('/api/operations/blanko/movements?kind=ISSUE_PRINT');
      expect(printed.body).toMatchObject({
        total: 2,
        items: [
          { kind: 'ISSUE_PRINT', quantity: -4, reference: 'print-job:2' },
          { kind: 'ISSUE_PRINT', quantity: -2, at: '2026-03-03T02:00:00.000Z' },
        ],
      });
      const fourthOfMarch = await kasi.get(
        '/api/operations/blanko/movements?from=2026-03-04&to=2026-03-04',
      );
      expect(fourthOfMarch.body).toMatchObject({
        total: 1,
        items: [{ kind: 'SPOIL', quantity: -1 }],
      });
      const page = await kasi.get('/api/operations/blanko/movements?pageSize=2&page=3');
      expect(page.body).toMatchObject({
        total: 5,
        page: 3,
        items: [{ kind: 'RECEIVE', quantity: 100 }],
      });

      const csv = await kasi.get('/api/operations/blanko/movements?format=csv&item=BLANKO');
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      const lines = csvLines(csv.text);
      expect(lines[0]).toBe('id,locationCode,item,kind,quantity,reference,at');
      expect(lines).toHaveLength(6);
      expect(lines[5]).toMatch(
        /^\d+,15\.71,BLANKO,RECEIVE,100,delivery:PROV-1,2026-02-20T02:00:00\.000Z$/,
      );

      expect((await (await signIn('loket-1')).get('/api/operations/blanko/movements')).status).toBe(
        403,
      );
      const bad = await kasi.get('/api/operations/blanko/movements?kind=STOLEN&to=2026-02-30');
      expect(bad.status).toBe(400);
      expect(
        (bad.body as { details: Array<{ field: string }> }).details.map((d) => d.field).sort(),
      ).toEqual(['kind', 'to']);
    });
  });

  describe('stations and outages', () => {
    it('should show which stations are down now', async () => {
      const loket = await signIn('loket-1');
      const all = await loket.get('/api/operations/stations');
      expect(all.body).toMatchObject({ total: 4 });
      const down = await loket.get('/api/operations/stations?down=true');
      expect(down.body).toEqual({
        page: 1,
        pageSize: 50,
        total: 1,
        items: [
          {
            id: 'REKAM-3',
            kind: 'RECORDING',
            name: 'Stasiun perekaman 3',
            locationCode: '15.71.08',
            dailyCapacity: 40,
            down: true,
            downSince: '2026-03-10T02:00:00.000Z',
            downCause: 'Kamera rusak',
          },
        ],
      });
      const printers = await loket.get('/api/operations/stations?kind=PRINTER&format=csv');
      expect(csvLines(printers.text)).toEqual([
        'id,kind,name,locationCode,dailyCapacity,down,downSince,downCause',
        'CETAK-1,PRINTER,Printer Dinas,15.71,500,false,,',
      ]);
      expect((await (await signIn('lurah-1001')).get('/api/operations/stations')).status).toBe(403);
    });

    it('should list outages with their duration, open ones counted until now', async () => {
      const kasi = await signIn('kasi');
      const open = await kasi.get('/api/operations/outages?open=true');
      expect(open.body).toMatchObject({
        total: 1,
        items: [{ stationId: 'REKAM-3', open: true, minutesDown: 60, endedAt: null }],
      });
      const third = await kasi.get('/api/operations/outages?from=2026-03-03&to=2026-03-03');
      expect(third.body).toMatchObject({
        total: 1,
        items: [
          {
            stationId: 'REKAM-2',
            stationName: 'Stasiun perekaman 2',
            kind: 'RECORDING',
            minutesDown: 90,
            open: false,
            cause: 'Jaringan putus',
            reportedBy: 'operator-1',
          },
        ],
      });
      // An outage going on belongs to every day since it began.
      expect((await kasi.get('/api/operations/outages?from=2026-03-10')).body).toMatchObject({
        total: 1,
        items: [{ stationId: 'REKAM-3' }],
      });
      const csv = await kasi.get('/api/operations/outages?format=csv');
      expect(csvLines(csv.text)[0]).toBe(
        'id,stationId,stationName,kind,startedAt,endedAt,minutesDown,open,cause,reportedBy',
      );
      expect(csvLines(csv.text)).toHaveLength(3);
      const bad = await kasi.get('/api/operations/outages?station=REKAM 1&open=yes');
      expect(
        (bad.body as { details: Array<{ field: string }> }).details.map((d) => d.field).sort(),
      ).toEqual(['open', 'station']);
    });
  });

  describe('attendance', () => {
    const who = (body: unknown) =>
      (body as { items: Array<{ staffId: string; day: string }> }).items.map(
        (r) => `${r.staffId} ${r.day}`,
      );

    it('should show each supervisor the staff they answer for', async () => {
      expect(
        who((await (await signIn('lurah-1001')).get('/api/operations/attendance')).body),
      ).toEqual(['staf-1001 2026-03-03', 'staf-1001 2026-03-02']);
      expect(who((await (await signIn('camat')).get('/api/operations/attendance')).body)).toEqual([
        'staf-1001 2026-03-03',
        'operator-1 2026-03-02',
        'staf-1001 2026-03-02',
        'staf-1002 2026-03-02',
      ]);
      expect(who((await (await signIn('kadis')).get('/api/operations/attendance')).body)).toEqual([
        'dinas-cetak 2026-03-02',
      ]);
      expect(
        (await (await signIn('auditor')).get('/api/operations/attendance')).body,
      ).toMatchObject({ total: 5 });
      expect((await (await signIn('loket-1')).get('/api/operations/attendance')).status).toBe(403);
    });

    it('should filter by status, lateness, staff, unit and day, and export CSV', async () => {
      const camat = await signIn('camat');
      expect(
        who((await camat.get('/api/operations/attendance?status=TANPA_KETERANGAN')).body),
      ).toEqual(['staf-1001 2026-03-02', 'staf-1002 2026-03-02']);
      expect((await camat.get('/api/operations/attendance?late=true')).body).toMatchObject({
        total: 1,
        items: [
          {
            staffId: 'staf-1001',
            name: 'Pegawai staf-1001',
            unitCode: talangJauh,
            position: 'staf-kelurahan',
            employment: 'PNS',
            day: '2026-03-03',
            status: 'HADIR',
            firstLoginAt: '2026-03-03T01:20:00.000Z',
            minutesLate: 20,
          },
        ],
      });
      expect(
        who((await camat.get(`/api/operations/attendance?unit=${cempakaPutih}`)).body),
      ).toEqual(['staf-1002 2026-03-02']);
      expect(
        who((await camat.get('/api/operations/attendance?staff=staf-1001&to=2026-03-02')).body),
      ).toEqual(['staf-1001 2026-03-02']);
      // Outside the caller's units a filter finds nothing rather than someone else's staff.
      expect((await camat.get('/api/operations/attendance?staff=dinas-cetak')).body).toMatchObject({
        total: 0,
      });

      const csv = await camat.get('/api/operations/attendance?format=csv&from=2026-03-03');
      expect(csvLines(csv.text)).toEqual([
        'staffId,name,unitCode,position,employment,day,status,firstLoginAt,minutesLate',
        `staf-1001,Pegawai staf-1001,${talangJauh},staf-kelurahan,PNS,2026-03-03,HADIR,2026-03-03T01:20:00.000Z,20`,
      ]);

      const bad = await camat.get('/api/operations/attendance?from=2026-13-01&status=ABSEN');
      expect(bad.status).toBe(400);
      expect(
        (bad.body as { details: Array<{ field: string }> }).details.map((d) => d.field).sort(),
      ).toEqual(['from', 'status']);
    });
  });
});
