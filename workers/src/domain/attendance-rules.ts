/**
 * The attendance rules of PP 94/2021 Pasal 11 (shared/DOMAIN.md): days of absence without a valid
 * reason (TANPA_KETERANGAN), counted per calendar year, open a disciplinary case each time the
 * count crosses a threshold; ten consecutive working days put the staff member on the dismissal
 * track whatever the year's count. Contract (non-ASN) staff get SP1–SP3 under their contract
 * instead of the PP 94/2021 sanctions.
 *
 * Pure: the caller reads the absences and the calendar. The thresholds are the research's reading
 * of the regulation, not the gazetted text, so they are exported defaults a caller may replace.
 */

export type Employment = 'PNS' | 'PPPK' | 'NON_ASN';
export type DisciplineLevel = 'RINGAN' | 'SEDANG' | 'BERAT';

export interface AbsenceThreshold {
  /** Days of absence in one calendar year at which this step is reached. */
  days: number;
  /** The sanction the rules foresee, proposed to the superior (the official decides). */
  sanction: string;
  level: DisciplineLevel | null;
}

export interface AttendanceRules {
  /** PNS and PPPK (PPPK follow the ASN discipline rules). */
  civilServant: readonly AbsenceThreshold[];
  /** Non-ASN staff (honorer, contract operators): warnings under their contract. */
  contract: readonly AbsenceThreshold[];
  /** Consecutive working days of absence that start the dismissal track. */
  consecutiveDays: number;
  consecutiveSanction: { civilServant: string; contract: string };
}

export const defaultAttendanceRules: AttendanceRules = {
  civilServant: [
    { days: 3, sanction: 'TEGURAN_LISAN', level: 'RINGAN' },
    { days: 4, sanction: 'TEGURAN_TERTULIS', level: 'RINGAN' },
    { days: 7, sanction: 'PERNYATAAN_TIDAK_PUAS', level: 'RINGAN' },
    { days: 11, sanction: 'PEMOTONGAN_TUKIN', level: 'SEDANG' },
    { days: 21, sanction: 'PENURUNAN_JABATAN', level: 'BERAT' },
    { days: 28, sanction: 'PEMBERHENTIAN', level: 'BERAT' },
  ],
  contract: [
    { days: 3, sanction: 'SP1', level: null },
    { days: 4, sanction: 'SP2', level: null },
    { days: 7, sanction: 'SP3', level: null },
  ],
  consecutiveDays: 10,
  consecutiveSanction: { civilServant: 'PEMBERHENTIAN', contract: 'PEMUTUSAN_KONTRAK' },
};

/** How a sanction reads in a case's description. */
export const sanctionWords: Readonly<Record<string, string>> = {
  TEGURAN_LISAN: 'teguran lisan',
  TEGURAN_TERTULIS: 'teguran tertulis',
  PERNYATAAN_TIDAK_PUAS: 'pernyataan tidak puas secara tertulis',
  PEMOTONGAN_TUKIN: 'pemotongan tunjangan kinerja 25%',
  PENURUNAN_JABATAN: 'penurunan jabatan setingkat lebih rendah',
  PEMBERHENTIAN: 'pemberhentian',
  SP1: 'surat peringatan pertama (SP1)',
  SP2: 'surat peringatan kedua (SP2)',
  SP3: 'surat peringatan ketiga (SP3)',
  PEMUTUSAN_KONTRAK: 'pemutusan perjanjian kerja',
};

/** One rule crossing: what opens a disciplinary case, under a trigger that names it once. */
export interface AbsenceCrossing {
  kind: 'CUMULATIVE' | 'CONSECUTIVE';
  /** e.g. ABSENCE_3_DAYS_2026, ABSENCE_10_CONSECUTIVE_2026-03-02. */
  trigger: string;
  /** The threshold crossed. */
  days: number;
  /** The days of absence counted: in the year, or in the run. */
  absences: number;
  sanction: string;
  level: DisciplineLevel | null;
  /** The first absent day of a consecutive run, `YYYY-MM-DD`. */
  from?: string;
  year: number;
}

export const cumulativeTrigger = (days: number, year: number): string =>
  `ABSENCE_${days}_DAYS_${year}`;

export const consecutiveTrigger = (days: number, from: string): string =>
  `ABSENCE_${days}_CONSECUTIVE_${from}`;

export function thresholdsFor(
  employment: Employment,
  rules: AttendanceRules = defaultAttendanceRules,
): readonly AbsenceThreshold[] {
  return employment === 'NON_ASN' ? rules.contract : rules.civilServant;
}

/** Days of absence (`YYYY-MM-DD`, each counted once) that fall in `year`. */
export function absencesInYear(absentDays: readonly string[], year: number): number {
  return new Set(absentDays.filter((day) => day.startsWith(`${year}-`))).size;
}

const dayMs = 24 * 60 * 60_000;

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10);
}

/** The working day before `day`, skipping weekends and holidays (at most a month back). */
function previousWorkingDay(day: string, isWorkingDay: (day: string) => boolean): string {
  let at = addDays(day, -1);
  for (let step = 0; step < 31 && !isWorkingDay(at); step += 1) at = addDays(at, -1);
  return at;
}

export interface AbsenceRun {
  from: string;
  to: string;
  /** Working days in the run. */
  length: number;
}

/**
 * Runs of absence on consecutive working days. A working day with any other record (or none)
 * ends a run; weekends and holidays in between do not. Absences recorded on a non-working day
 * are left out.
 */
export function consecutiveAbsenceRuns(
  absentDays: readonly string[],
  isWorkingDay: (day: string) => boolean,
): AbsenceRun[] {
  const days = [...new Set(absentDays)].filter(isWorkingDay).sort();
  const runs: AbsenceRun[] = [];
  let run: AbsenceRun | undefined;
  for (const day of days) {
    if (run && previousWorkingDay(day, isWorkingDay) === run.to) {
      run.to = day;
      run.length += 1;
    } else {
      run = { from: day, to: day, length: 1 };
      runs.push(run);
    }
  }
  return runs;
}

/**
 * The crossings of `year` that have no case yet (`opened`: the triggers with one). Each crossing
 * opens one case; when several cumulative thresholds are crossed at once (absences recorded
 * late), only the highest opens one, since a single examination covers the whole count. A
 * consecutive run opens one case however long it grows, and counts for the year it reaches.
 */
export function newAbsenceCrossings(input: {
  employment: Employment;
  year: number;
  absentDays: readonly string[];
  opened: ReadonlySet<string>;
  isWorkingDay: (day: string) => boolean;
  rules?: AttendanceRules;
}): AbsenceCrossing[] {
  const rules = input.rules ?? defaultAttendanceRules;
  const { year, opened } = input;
  const crossings: AbsenceCrossing[] = [];

  const count = absencesInYear(input.absentDays, year);
  const crossed = [...thresholdsFor(input.employment, rules)]
    .sort((a, b) => a.days - b.days)
    .filter((threshold) => threshold.days <= count);
  const highestOpened = Math.max(
    0,
    ...crossed.filter((t) => opened.has(cumulativeTrigger(t.days, year))).map((t) => t.days),
  );
  const next = crossed.filter((t) => t.days > highestOpened).pop();
  if (next) {
    crossings.push({
      kind: 'CUMULATIVE',
      trigger: cumulativeTrigger(next.days, year),
      days: next.days,
      absences: count,
      sanction: next.sanction,
      level: next.level,
      year,
    });
  }

  const sanction =
    input.employment === 'NON_ASN'
      ? rules.consecutiveSanction.contract
      : rules.consecutiveSanction.civilServant;
  for (const run of consecutiveAbsenceRuns(input.absentDays, input.isWorkingDay)) {
    if (run.length < rules.consecutiveDays || !run.to.startsWith(`${year}-`)) continue;
    const trigger = consecutiveTrigger(rules.consecutiveDays, run.from);
    if (opened.has(trigger)) continue;
    crossings.push({
      kind: 'CONSECUTIVE',
      trigger,
      days: rules.consecutiveDays,
      absences: run.length,
      sanction,
      level: input.employment === 'NON_ASN' ? null : 'BERAT',
      from: run.from,
      year,
    });
  }
  return crossings;
}

const months = [
  'Januari',
  'Februari',
  'Maret',
  'April',
  'Mei',
  'Juni',
  'Juli',
  'Agustus',
  'September',
  'Oktober',
  'November',
  'Desember',
];

function longDate(day: string): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return `${date} ${months[month - 1] ?? ''} ${year}`;
}

/** The case's description for the superior, in Bahasa Indonesia. */
export function describeCrossing(crossing: AbsenceCrossing): string {
  const proposal = sanctionWords[crossing.sanction] ?? crossing.sanction;
  if (crossing.kind === 'CONSECUTIVE' && crossing.from) {
    return `Tidak masuk kerja tanpa keterangan ${crossing.absences} hari kerja berturut-turut sejak ${longDate(crossing.from)}; usulan: ${proposal}`;
  }
  return `Tidak masuk kerja tanpa keterangan ${crossing.absences} hari kerja pada tahun ${crossing.year} (PP 94/2021 Pasal 11); usulan: ${proposal}`;
}
