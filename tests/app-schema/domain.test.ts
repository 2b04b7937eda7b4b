/**
 * The domain tables refuse the states the service must never be in: each refusal names its
 * constraint and leaves the tables as they were. The reference data the migrations seed (SLA
 * policies, holidays, Dinas stock) is there for the workers to read.
 */
import type pg from 'pg';

import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

const kelurahan = '15.71.08.1001';

describe('app schema - domain tables', () => {
  let db: TestDatabase;
  let serial = 0;

  beforeAll(async () => {
    db = await createTestDatabase();
    await db.pool.query(
      `insert into app.neighbourhoods (kelurahan_code, rw, rt) values ($1, 1, 1)`,
      [kelurahan],
    );
    await db.pool.query(
      `insert into app.families (kk_no, kelurahan_code, rw, rt, address)
       values ('1571080101200001', $1, 1, 1, 'Jl. Sersan Anwar Bay No. 3')`,
      [kelurahan],
    );
  });

  afterAll(async () => {
    await db.drop();
  });

  const query = (sql: string, params: unknown[] = []) => db.pool.query(sql, params);

  async function count(table: string, where = 'true', params: unknown[] = []): Promise<number> {
    const { rows } = await query(`select count(*)::int as n from ${table} where ${where}`, params);
    return (rows[0] as { n: number }).n;
  }

  /** Expects the statement to fail on `constraint`, and `table` to hold as many rows after. */
  async function expectRefused(
    table: string,
    constraint: string,
    sql: string,
    params: unknown[] = [],
  ): Promise<void> {
    const before = await count(table);
    await expect(query(sql, params)).rejects.toMatchObject({ constraint });
    expect(await count(table)).toBe(before);
  }

  /** A NIK built the way SIAK does: Jelutung, birth date (day + 40 for women), serial. */
  function nikOf(birthDate: string, sex: 'L' | 'P'): string {
    const [year, month, day] = birthDate.split('-') as [string, string, string];
    serial += 1;
    const dd = String(Number(day) + (sex === 'P' ? 40 : 0)).padStart(2, '0');
    return `157108${dd}${month}${year.slice(2)}${String(serial).padStart(4, '0')}`;
  }

  function insertResident(
    nik: string,
    birthDate: string,
    sex: 'L' | 'P',
    extra: {
      citizenship?: string;
      kitapNo?: string | null;
      enrollment?: string;
      card?: string;
    } = {},
  ): Promise<pg.QueryResult> {
    return query(
      `insert into app.residents (nik, kk_no, full_name, birth_place, birth_date, sex, religion,
         marital_status, occupation, citizenship, kitap_no, address, kelurahan_code, rw, rt,
         enrollment_status, card_status)
       values ($1, '1571080101200001', 'Siti Aminah', 'Jambi', $2, $3, 'ISLAM', 'BELUM_KAWIN',
         'PELAJAR/MAHASISWA', $4, $5, 'Jl. Sersan Anwar Bay No. 3', $6, 1, 1, $7, $8)`,
      [
        nik,
        birthDate,
        sex,
        extra.citizenship ?? 'WNI',
        extra.kitapNo ?? null,
        kelurahan,
        extra.enrollment ?? 'UNREGISTERED',
        extra.card ?? null,
      ],
    );
  }

  async function resident(birthDate = '2008-06-05', sex: 'L' | 'P' = 'P'): Promise<string> {
    const nik = nikOf(birthDate, sex);
    await insertResident(nik, birthDate, sex);
    return nik;
  }

  describe('residents', () => {
    it('should accept a NIK whose date part is the birth date, with day + 40 for a woman', async () => {
      // given
      const woman = nikOf('2008-06-05', 'P');
      const man = nikOf('1999-12-31', 'L');

      // when
      await insertResident(woman, '2008-06-05', 'P');
      await insertResident(man, '1999-12-31', 'L');

      // then
      expect(woman.slice(6, 12)).toBe('450608');
      expect(await count('app.residents', 'nik = any($1)', [[woman, man]])).toBe(2);
    });

    it.each([
      ['a woman without the + 40', '1571080506080901', '2008-06-05', 'P'],
      ['a man with the + 40', '1571084506080902', '2008-06-05', 'L'],
      ['another month', '1571084507080903', '2008-06-05', 'P'],
      ['another year', '1571084506090904', '2008-06-05', 'P'],
    ])('should refuse a NIK that does not match the birth date: %s', async (_, nik, date, sex) => {
      await expectRefused(
        'app.residents',
        'residents_nik_matches_birth_date_and_sex',
        `insert into app.residents (nik, kk_no, full_name, birth_place, birth_date, sex, religion,
           marital_status, occupation, address, kelurahan_code, rw, rt)
         values ($1, '1571080101200001', 'Siti', 'Jambi', $2, $3, 'ISLAM', 'BELUM_KAWIN', 'PELAJAR',
           'Jl. Kancil', '${kelurahan}', 1, 1)`,
        [nik, date, sex],
      );
    });

    it('should refuse a foreigner without a KITAP and a citizen with one', async () => {
      const foreigner = nikOf('1980-02-10', 'L');
      await expect(
        insertResident(foreigner, '1980-02-10', 'L', { citizenship: 'WNA' }),
      ).rejects.toMatchObject({ constraint: 'residents_kitap_iff_foreigner' });
      await expect(
        insertResident(nikOf('1980-02-10', 'L'), '1980-02-10', 'L', { kitapNo: '2C11AB0123' }),
      ).rejects.toMatchObject({ constraint: 'residents_kitap_iff_foreigner' });

      // A foreigner with a permanent stay permit is wajib KTP.
      await insertResident(foreigner, '1980-02-10', 'L', {
        citizenship: 'WNA',
        kitapNo: '2C11AB0123',
      });
      expect(await count('app.residents', 'nik = $1', [foreigner])).toBe(1);
    });

    it('should refuse a card status for a resident whose record is not print-ready', async () => {
      const nik = nikOf('1990-01-01', 'L');
      await expect(
        insertResident(nik, '1990-01-01', 'L', {
          enrollment: 'SENT_FOR_ENROLLMENT',
          card: 'CARD_PRINTED',
        }),
      ).rejects.toMatchObject({ constraint: 'residents_card_only_after_prr' });
      expect(await count('app.residents', 'nik = $1', [nik])).toBe(0);
    });
  });

  describe('lifecycles', () => {
    it('should refuse a second running lifecycle for a resident, and allow one after the first ended', async () => {
      // given
      const nik = await resident();
      await query(
        `insert into app.lifecycles (nik, process_instance_key, started_at) values ($1, 1001, now())`,
        [nik],
      );

      // when / then
      await expectRefused(
        'app.lifecycles',
        'lifecycles_one_running_per_nik',
        `insert into app.lifecycles (nik, process_instance_key, started_at) values ($1, 1002, now())`,
        [nik],
      );

      // when the first ends, a new attempt may start
      await query(
        `update app.lifecycles set state = 'NO_SHOW', ended_at = now() where process_instance_key = 1001`,
      );
      await query(
        `insert into app.lifecycles (nik, process_instance_key, started_at) values ($1, 1003, now())`,
        [nik],
      );
      expect(await count('app.lifecycles', 'nik = $1', [nik])).toBe(2);
    });

    it('should refuse an ended lifecycle still marked running', async () => {
      const nik = await resident();
      await expectRefused(
        'app.lifecycles',
        'lifecycles_ended_iff_not_running',
        `insert into app.lifecycles (nik, started_at, ended_at) values ($1, now(), now())`,
        [nik],
      );
    });
  });

  describe('invitations and appointments', () => {
    async function invitation(nik: string, letter: string): Promise<string> {
      const { rows } = await query(
        `insert into app.invitations (nik, attempt, letter_no, check_in_code)
         values ($1, 1, $2, $2) returning id`,
        [nik, letter],
      );
      return (rows[0] as { id: string }).id;
    }

    it('should refuse an undeliverable invitation without its reason, and keep the letter as it was', async () => {
      // given
      const id = await invitation(await resident(), 'UND-1');

      // when / then
      await expect(
        query(`update app.invitations set status = 'UNDELIVERABLE' where id = $1`, [id]),
      ).rejects.toMatchObject({ constraint: 'invitations_reason_iff_undeliverable' });
      await expect(
        query(
          `update app.invitations set status = 'DELIVERED', delivered_at = now(), undeliverable_reason = 'MOVED' where id = $1`,
          [id],
        ),
      ).rejects.toMatchObject({ constraint: 'invitations_reason_iff_undeliverable' });
      const { rows } = await query(
        `select status, undeliverable_reason from app.invitations where id = $1`,
        [id],
      );
      expect(rows).toEqual([{ status: 'SIGNED', undeliverable_reason: null }]);

      // and with a reason it is recorded
      await query(
        `update app.invitations set status = 'UNDELIVERABLE', undeliverable_reason = 'MOVED' where id = $1`,
        [id],
      );
    });

    it('should refuse a second letter in circulation for the same resident', async () => {
      const nik = await resident();
      await invitation(nik, 'OPEN-1');
      await expectRefused(
        'app.invitations',
        'invitations_one_open_per_nik',
        `insert into app.invitations (nik, attempt, letter_no, check_in_code) values ($1, 2, 'OPEN-2', 'OPEN-2')`,
        [nik],
      );
    });

    it('should refuse booking a slot beyond its capacity', async () => {
      // given
      await query(
        `insert into app.stations (id, kind, name, location_code, daily_capacity)
         values ('rec-test', 'RECORDING', 'Meja perekaman uji', '15.71.08', 40)`,
      );
      const { rows } = await query(
        `insert into app.appointment_slots (station_id, starts_at, ends_at, capacity, booked)
         values ('rec-test', '2026-07-01T08:00+07', '2026-07-01T09:00+07', 2, 2) returning id`,
      );
      const slot = (rows[0] as { id: string }).id;

      // when / then
      await expect(
        query(`update app.appointment_slots set booked = booked + 1 where id = $1`, [slot]),
      ).rejects.toMatchObject({ constraint: 'appointment_slots_booked_within_capacity' });
      expect(await count('app.appointment_slots', 'id = $1 and booked = 2', [slot])).toBe(1);
    });

    it('should refuse a second open outage of a station', async () => {
      await query(
        `insert into app.stations (id, kind, name, location_code, daily_capacity)
         values ('rec-outage', 'RECORDING', 'Meja perekaman 9', '15.71.08', 40)`,
      );
      await query(
        `insert into app.station_outages (station_id, started_at, cause, reported_by)
         values ('rec-outage', now(), 'Jaringan putus', 'operator.1')`,
      );
      await expectRefused(
        'app.station_outages',
        'station_outages_one_open_per_station',
        `insert into app.station_outages (station_id, started_at, cause, reported_by)
         values ('rec-outage', now(), 'Listrik padam', 'operator.2')`,
      );
    });
  });

  describe('stock, printing, cards and Suket', () => {
    async function printJob(nik: string, attempt = 1): Promise<string> {
      const { rows } = await query(
        `insert into app.print_jobs (nik, attempt, requested_at, status, printed_at)
         values ($1, $2, now(), 'PRINTED', now()) returning id`,
        [nik, attempt],
      );
      return (rows[0] as { id: string }).id;
    }

    it('should start with empty blanko and ribbon stock at the Dinas', async () => {
      const { rows } = await query(
        `select location_code, item, on_hand, reserved from app.stock order by item`,
      );
      expect(rows).toEqual([
        { location_code: '15.71', item: 'BLANKO', on_hand: 0, reserved: 0 },
        { location_code: '15.71', item: 'RIBBON', on_hand: 0, reserved: 0 },
      ]);
    });

    it('should refuse reserving more blanko than are on hand', async () => {
      // given
      await query(`update app.stock set on_hand = 5, reserved = 4 where item = 'BLANKO'`);

      // when / then
      await expect(
        query(`update app.stock set reserved = reserved + 2 where item = 'BLANKO'`),
      ).rejects.toMatchObject({ constraint: 'stock_reserved_within_on_hand' });
      await expect(
        query(`update app.stock set on_hand = on_hand - 6 where item = 'BLANKO'`),
      ).rejects.toMatchObject({ constraint: 'stock_on_hand_check' });
      expect(await count('app.stock', `item = 'BLANKO' and on_hand = 5 and reserved = 4`)).toBe(1);
    });

    it('should refuse a stock movement whose sign contradicts its kind', async () => {
      await expectRefused(
        'app.stock_movements',
        'stock_movements_sign_follows_kind',
        `insert into app.stock_movements (location_code, item, quantity, kind, reference)
         values ('15.71', 'BLANKO', -100, 'RECEIVE', 'BAST-1')`,
      );
    });

    it('should refuse a print defect without its cause', async () => {
      const job = await printJob(await resident());
      await expect(
        query(`update app.print_jobs set status = 'DEFECT' where id = $1`, [job]),
      ).rejects.toMatchObject({ constraint: 'print_jobs_defect_iff_status' });
      await query(`update app.print_jobs set status = 'DEFECT', defect = 'NAME' where id = $1`, [
        job,
      ]);
    });

    it('should refuse a second live card for a resident until the first is void', async () => {
      // given
      const nik = await resident();
      const first = await printJob(nik, 1);
      const second = await printJob(nik, 2);
      await query(
        `insert into app.cards (serial, nik, print_job_id, printed_at) values ('C-1', $1, $2, now())`,
        [nik, first],
      );

      // when / then
      await expectRefused(
        'app.cards',
        'cards_one_live_per_nik',
        `insert into app.cards (serial, nik, print_job_id, printed_at) values ('C-2', $1, $2, now())`,
        [nik, second],
      );
      await query(`update app.cards set status = 'VOID' where serial = 'C-1'`);
      await query(
        `insert into app.cards (serial, nik, print_job_id, printed_at) values ('C-2', $1, $2, now())`,
        [nik, second],
      );
    });

    it("should refuse a card printed from another resident's print job", async () => {
      const job = await printJob(await resident());
      const other = await resident();
      await expectRefused(
        'app.cards',
        'cards_print_job_id_nik_fkey',
        `insert into app.cards (serial, nik, print_job_id, printed_at) values ('C-X', $1, $2, now())`,
        [other, job],
      );
    });

    it('should date a Suket six months on the office calendar and refuse a second valid one', async () => {
      // given a resident waiting for blanko
      const nik = await resident();

      // when a Suket is issued on 31 August (WIB) without its expiry
      await query(
        `insert into app.sukets (no, nik, reason, issued_at)
         values ('470/1/JLT/2026', $1, 'NO_BLANKO', '2026-08-31T10:00+07')`,
        [nik],
      );

      // then it is valid until the end of February, at the same local time
      const { rows } = await query(
        `select to_char(valid_until at time zone 'Asia/Jakarta', 'YYYY-MM-DD HH24:MI') as until
         from app.sukets where nik = $1`,
        [nik],
      );
      expect(rows).toEqual([{ until: '2027-02-28 10:00' }]);

      // and a second valid one is refused, as is an expiry that is not six months on
      await expectRefused(
        'app.sukets',
        'sukets_one_valid_per_nik',
        `insert into app.sukets (no, nik, reason, issued_at) values ('470/2/JLT/2026', $1, 'NO_BLANKO', now())`,
        [nik],
      );
      await expectRefused(
        'app.sukets',
        'sukets_valid_six_months',
        `insert into app.sukets (no, nik, reason, issued_at, valid_until)
         values ('470/3/JLT/2026', $1, 'NO_BLANKO', '2026-01-10T10:00+07', '2027-01-10T10:00+07')`,
        [await resident()],
      );
    });
  });

  describe('staff and service levels', () => {
    beforeAll(async () => {
      await query(
        `insert into app.staff (id, name, nip, employment, unit_code, position) values
           ('camat', 'Drs. H. Camat', '197001011995031001', 'PNS', '15.71.08', 'Camat'),
           ('kasi.pel', 'Kasi Pelayanan', null, 'PPPK', '15.71.08', 'Kasi Pelayanan')`,
      );
    });

    it('should refuse a role that is not one of the candidate groups', async () => {
      await query(`insert into app.staff_roles (staff_id, role) values ('camat', 'camat')`);
      await expectRefused(
        'app.staff_roles',
        'role_name_check',
        `insert into app.staff_roles (staff_id, role) values ('kasi.pel', 'Kasi')`,
      );
    });

    it('should refuse an escalation level whose group is no role, or that leaves a gap', async () => {
      // given
      await query(
        `insert into app.sla_policies (code, step_name, due_amount, due_unit)
         values ('TEST_STEP', 'Langkah uji', 2, 'WORKING_DAYS')`,
      );

      // when / then
      await expectRefused(
        'app.sla_escalation_levels',
        'role_name_check',
        `insert into app.sla_escalation_levels (policy_code, level, after_amount, after_unit, candidate_group)
         values ('TEST_STEP', 1, 2, 'WORKING_DAYS', 'walikota')`,
      );
      await expectRefused(
        'app.sla_escalation_levels',
        'sla_escalation_levels_policy_code_previous_level_fkey',
        `insert into app.sla_escalation_levels (policy_code, level, after_amount, after_unit, candidate_group)
         values ('TEST_STEP', 2, 4, 'WORKING_DAYS', 'camat')`,
      );
    });

    it('should refuse a plain-text password', async () => {
      await expectRefused(
        'app.users',
        'users_password_hash_check',
        `insert into app.users (staff_id, password_hash) values ('camat', 'rahasia123')`,
      );
    });

    it('should refuse a second disciplinary case for the same rule crossing', async () => {
      const open = `insert into app.disciplinary_cases (staff_id, superior_id, violation, trigger, opened_at)
                    values ('kasi.pel', 'camat', 'ABSENCE', 'ABSENCE_3_DAYS_2026', now())`;
      await query(open);
      await expectRefused(
        'app.disciplinary_cases',
        'disciplinary_cases_staff_id_trigger_key',
        open,
      );
    });

    it('should refuse reporting the same breach at the same level twice', async () => {
      const breach = `insert into app.breaches (policy_code, level, candidate_group, process_instance_key,
                        element_instance_key, element_id, due_at, breached_at)
                      values ('INVITATION_SIGN', 1, 'sekcam', 1, 77, 'tandatangani', now(), now())`;
      await query(breach);
      await expectRefused('app.breaches', 'breaches_element_instance_key_level_key', breach);
    });

    it('should hold the default service levels with their escalation chains', async () => {
      const { rows } = await query(
        `select p.code, p.due_amount || ' ' || p.due_unit as due,
                coalesce(string_agg(l.after_amount || ' ' || l.after_unit || ' ' || l.candidate_group,
                  '; ' order by l.level), '') as levels
         from app.sla_policies p left join app.sla_escalation_levels l on l.policy_code = p.code
         where p.code <> 'TEST_STEP'
         group by p.code, p.due_amount, p.due_unit order by p.code`,
      );
      expect(
        Object.fromEntries(
          rows.map((r: Record<string, string>) => [r.code, `${r.due} | ${r.levels}`]),
        ),
      ).toEqual({
        CARD_COLLECT:
          '10 WORKING_DAYS | 10 WORKING_DAYS petugas-loket; 20 WORKING_DAYS ketua-rt; 60 WORKING_DAYS camat',
        CARD_NOTIFY: '1 WORKING_DAYS | 1 WORKING_DAYS kasi',
        CENTRAL_PRR: '14 WORKING_DAYS | 14 WORKING_DAYS camat; 21 WORKING_DAYS kadis',
        CENTRAL_RECEIPT: '3 WORKING_DAYS | 3 WORKING_DAYS dinas-siak; 7 WORKING_DAYS camat',
        DISCIPLINE_EXAMINE: '7 WORKING_DAYS | 7 WORKING_DAYS camat',
        DUPLICATE_CASE: '30 WORKING_DAYS | 30 WORKING_DAYS kadis',
        ESCALATION_ACK: '240 WORKING_MINUTES | ',
        INVITATION_DELIVER: '5 WORKING_DAYS | 5 WORKING_DAYS lurah; 7 WORKING_DAYS camat',
        INVITATION_DISTRIBUTE: '2 WORKING_DAYS | 2 WORKING_DAYS lurah; 4 WORKING_DAYS camat',
        INVITATION_SIGN: '2 WORKING_DAYS | 2 WORKING_DAYS sekcam; 4 WORKING_DAYS camat',
        PRINT: '1 WORKING_DAYS | 1 WORKING_DAYS dinas-cetak; 3 WORKING_DAYS kadis',
        QUEUE_WAIT: '60 MINUTES | 60 MINUTES kasi; 120 MINUTES camat',
        REPRINT_DATA: '3 WORKING_DAYS | 3 WORKING_DAYS camat; 7 WORKING_DAYS kadis',
        REPRINT_DEFECT: '1 WORKING_DAYS | 1 WORKING_DAYS camat; 7 WORKING_DAYS kadis',
        RESIDENT_ATTEND: '10 WORKING_DAYS | ',
        SEND_TO_CENTRAL: '0 WORKING_DAYS | 1 WORKING_DAYS kasi',
        STATION_OUTAGE: '30 MINUTES | 30 MINUTES kasi; 120 MINUTES camat',
        SUKET_ISSUE: '0 WORKING_DAYS | 1 WORKING_DAYS kasi',
      });
    });

    it('should hold the 2026 holidays: 17 libur nasional and 8 cuti bersama', async () => {
      const { rows } = await query(
        `select kind, count(*)::int as days, min(day)::text as first, max(day)::text as last
         from app.holidays where extract(year from day) = 2026 group by kind order by kind`,
      );
      expect(rows).toEqual([
        { kind: 'CUTI_BERSAMA', days: 8, first: '2026-02-16', last: '2026-12-24' },
        { kind: 'LIBUR_NASIONAL', days: 17, first: '2026-01-01', last: '2026-12-25' },
      ]);
      const lebaran = await query(
        `select array_agg(day::text order by day) as days from app.holidays
         where day between '2026-03-18' and '2026-03-24'`,
      );
      expect(lebaran.rows).toEqual([
        {
          days: [
            '2026-03-18',
            '2026-03-19',
            '2026-03-20',
            '2026-03-21',
            '2026-03-22',
            '2026-03-23',
            '2026-03-24',
          ],
        },
      ]);
    });
  });
});
