import {
  consecutiveAbsenceRuns,
  defaultAttendanceRules,
  describeCrossing,
  newAbsenceCrossings,
  type AttendanceRules,
} from './attendance-rules.js';

// March 2026 in Jambi: weekends, and 18–24 March is Nyepi and Idul Fitri (holidays, cuti bersama).
const holidays = new Set([
  '2026-03-18',
  '2026-03-19',
  '2026-03-20',
  '2026-03-21',
  '2026-03-22',
  '2026-03-23',
  '2026-03-24',
]);
const isWorkingDay = (day: string) => {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !holidays.has(day);
};

/** The first `count` working days from `from` on. */
function workingDays(from: string, count: number): string[] {
  const days: string[] = [];
  for (let at = Date.parse(`${from}T00:00:00Z`); days.length < count; at += 86_400_000) {
    const day = new Date(at).toISOString().slice(0, 10);
    if (isWorkingDay(day)) days.push(day);
  }
  return days;
}

const none = new Set<string>();

describe('newAbsenceCrossings', () => {
  it('should open nothing below three days of absence', () => {
    expect(
      newAbsenceCrossings({
        employment: 'PNS',
        year: 2026,
        absentDays: ['2026-01-05', '2026-02-10'],
        opened: none,
        isWorkingDay,
      }),
    ).toEqual([]);
  });

  it.each([
    [3, 'ABSENCE_3_DAYS_2026', 'TEGURAN_LISAN', 'RINGAN'],
    [4, 'ABSENCE_4_DAYS_2026', 'TEGURAN_TERTULIS', 'RINGAN'],
    [7, 'ABSENCE_7_DAYS_2026', 'PERNYATAAN_TIDAK_PUAS', 'RINGAN'],
    [11, 'ABSENCE_11_DAYS_2026', 'PEMOTONGAN_TUKIN', 'SEDANG'],
    [21, 'ABSENCE_21_DAYS_2026', 'PENURUNAN_JABATAN', 'BERAT'],
    [28, 'ABSENCE_28_DAYS_2026', 'PEMBERHENTIAN', 'BERAT'],
  ])(
    'should name the PP 94/2021 step a civil servant reaches at %i days',
    (days, trigger, sanction, level) => {
      // given absences one week apart, never consecutive
      const absentDays = Array.from({ length: days }, (_, i) =>
        new Date(Date.UTC(2026, 0, 5 + 7 * i)).toISOString().slice(0, 10),
      );
      // and every lower step already opened
      const opened = new Set(
        defaultAttendanceRules.civilServant
          .filter((t) => t.days < days)
          .map((t) => `ABSENCE_${t.days}_DAYS_2026`),
      );

      // when
      const crossings = newAbsenceCrossings({
        employment: 'PNS',
        year: 2026,
        absentDays,
        opened,
        isWorkingDay,
      });

      // then
      expect(crossings).toEqual([
        { kind: 'CUMULATIVE', trigger, days, absences: days, sanction, level, year: 2026 },
      ]);
    },
  );

  it('should open nothing more for a step already opened, until the next is crossed', () => {
    const absentDays = ['2026-01-05', '2026-01-12', '2026-01-19', '2026-01-26', '2026-02-02'];
    const input = { employment: 'PPPK' as const, year: 2026, isWorkingDay };

    // 5 days, 4 already opened: nothing (4–6 is one step)
    expect(
      newAbsenceCrossings({ ...input, absentDays, opened: new Set(['ABSENCE_4_DAYS_2026']) }),
    ).toEqual([]);
    // 7 days: the next step
    expect(
      newAbsenceCrossings({
        ...input,
        absentDays: [...absentDays, '2026-02-09', '2026-02-16'],
        opened: new Set(['ABSENCE_3_DAYS_2026', 'ABSENCE_4_DAYS_2026']),
      }).map((c) => c.trigger),
    ).toEqual(['ABSENCE_7_DAYS_2026']);
  });

  it('should open one case for the highest step when several are crossed at once', () => {
    // given five absences recorded late, nothing opened yet
    const absentDays = ['2026-01-05', '2026-01-12', '2026-01-19', '2026-01-26', '2026-02-02'];

    // then one case, for 4 days (teguran tertulis), and none for 3 days
    const crossings = newAbsenceCrossings({
      employment: 'PNS',
      year: 2026,
      absentDays,
      opened: none,
      isWorkingDay,
    });
    expect(crossings.map((c) => [c.trigger, c.absences])).toEqual([['ABSENCE_4_DAYS_2026', 5]]);
  });

  it('should count each calendar year on its own', () => {
    const crossings = newAbsenceCrossings({
      employment: 'PNS',
      year: 2026,
      absentDays: ['2025-12-01', '2025-12-08', '2025-12-15', '2026-01-05', '2026-01-12'],
      opened: none,
      isWorkingDay,
    });
    expect(crossings).toEqual([]);
  });

  it('should give contract staff SP1, SP2 and SP3 instead', () => {
    const weekly = (n: number) =>
      Array.from({ length: n }, (_, i) =>
        new Date(Date.UTC(2026, 0, 5 + 7 * i)).toISOString().slice(0, 10),
      );
    const input = { employment: 'NON_ASN' as const, year: 2026, isWorkingDay };
    const first = newAbsenceCrossings({ ...input, absentDays: weekly(3), opened: none });
    const second = newAbsenceCrossings({
      ...input,
      absentDays: weekly(4),
      opened: new Set(['ABSENCE_3_DAYS_2026']),
    });
    const third = newAbsenceCrossings({
      ...input,
      absentDays: weekly(12),
      opened: new Set(['ABSENCE_3_DAYS_2026', 'ABSENCE_4_DAYS_2026']),
    });
    expect([first, second, third].map((c) => c.map((x) => [x.sanction, x.level]))).toEqual([
      [['SP1', null]],
      [['SP2', null]],
      [['SP3', null]],
    ]);
  });

  it('should start the dismissal track after 10 consecutive working days, across a weekend', () => {
    // given Monday 2 to Friday 13 March 2026: ten working days, one weekend in between
    const absentDays = workingDays('2026-03-02', 10);
    expect(absentDays.at(-1)).toBe('2026-03-13');

    // when
    const crossings = newAbsenceCrossings({
      employment: 'PNS',
      year: 2026,
      absentDays,
      opened: new Set(['ABSENCE_7_DAYS_2026']),
      isWorkingDay,
    });

    // then (7 cumulative is opened already, 11 not reached) the consecutive track only
    expect(crossings).toEqual([
      {
        kind: 'CONSECUTIVE',
        trigger: 'ABSENCE_10_CONSECUTIVE_2026-03-02',
        days: 10,
        absences: 10,
        sanction: 'PEMBERHENTIAN',
        level: 'BERAT',
        from: '2026-03-02',
        year: 2026,
      },
    ]);
  });

  it('should not count nine consecutive days, nor a run broken by a working day present', () => {
    const nine = workingDays('2026-03-02', 9);
    const broken = [...workingDays('2026-03-02', 5), ...workingDays('2026-03-10', 6)];
    for (const absentDays of [nine, broken]) {
      const consecutive = newAbsenceCrossings({
        employment: 'PNS',
        year: 2026,
        absentDays,
        opened: new Set(['ABSENCE_3_DAYS_2026', 'ABSENCE_4_DAYS_2026', 'ABSENCE_7_DAYS_2026']),
        isWorkingDay,
      }).filter((c) => c.kind === 'CONSECUTIVE');
      expect(consecutive).toEqual([]);
    }
  });

  it('should let a run continue over public holidays and open it once', () => {
    // given 11–17 March and 25–27 March 2026: ten working days around Nyepi and Idul Fitri
    const absentDays = workingDays('2026-03-11', 10);
    expect(absentDays).toContain('2026-03-25');
    const input = {
      employment: 'NON_ASN' as const,
      year: 2026,
      absentDays,
      isWorkingDay,
    };

    // when evaluated, then once the case is opened
    const first = newAbsenceCrossings({
      ...input,
      opened: new Set(['ABSENCE_7_DAYS_2026']),
    });
    const again = newAbsenceCrossings({
      ...input,
      absentDays: [...absentDays, '2026-03-30'],
      opened: new Set(['ABSENCE_7_DAYS_2026', 'ABSENCE_10_CONSECUTIVE_2026-03-11']),
    });

    // then
    expect(first.map((c) => [c.trigger, c.sanction])).toEqual([
      ['ABSENCE_10_CONSECUTIVE_2026-03-11', 'PEMUTUSAN_KONTRAK'],
    ]);
    expect(again).toEqual([]);
  });

  it('should follow thresholds an office configures', () => {
    const rules: AttendanceRules = {
      ...defaultAttendanceRules,
      civilServant: [{ days: 2, sanction: 'TEGURAN_LISAN', level: 'RINGAN' }],
      consecutiveDays: 3,
    };
    const crossings = newAbsenceCrossings({
      employment: 'PNS',
      year: 2026,
      absentDays: ['2026-03-05', '2026-03-06', '2026-03-09'],
      opened: none,
      isWorkingDay,
      rules,
    });
    expect(crossings.map((c) => c.trigger)).toEqual([
      'ABSENCE_2_DAYS_2026',
      'ABSENCE_3_CONSECUTIVE_2026-03-05',
    ]);
  });
});

describe('consecutiveAbsenceRuns', () => {
  it('should leave out absences recorded on a non-working day', () => {
    expect(
      consecutiveAbsenceRuns(['2026-03-06', '2026-03-07', '2026-03-09'], isWorkingDay),
    ).toEqual([{ from: '2026-03-06', to: '2026-03-09', length: 2 }]);
  });
});

describe('describeCrossing', () => {
  it('should describe the crossing for the superior in Bahasa Indonesia', () => {
    expect(
      describeCrossing({
        kind: 'CONSECUTIVE',
        trigger: 'ABSENCE_10_CONSECUTIVE_2026-03-02',
        days: 10,
        absences: 12,
        sanction: 'PEMBERHENTIAN',
        level: 'BERAT',
        from: '2026-03-02',
        year: 2026,
      }),
    ).toBe(
      'Tidak masuk kerja tanpa keterangan 12 hari kerja berturut-turut sejak 2 Maret 2026; usulan: pemberhentian',
    );
  });
});
