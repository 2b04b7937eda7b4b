import { ProcessBuilder } from '../process-builder.js';

/**
 * Every working morning: yesterday's attendance is counted per staff member (absences without
 * valid reason, cumulative per year and consecutive) and each newly crossed PP 94/2021 threshold
 * opens a `staff-discipline` case for the direct superior.
 */
export function staffAttendance() {
  const p = new ProcessBuilder({
    id: 'staff-attendance-check',
    name: 'Pemeriksaan kehadiran pegawai',
    documentation:
      'Setiap hari: hitung ketidakhadiran tanpa keterangan; ambang PP 94/2021 yang terlampaui membuka kasus disiplin untuk atasan langsung.',
    lanes: [{ id: 'sistem', name: 'Sistem kepegawaian', rows: 2 }],
  });
  const s = (col: number) => ({ lane: 'sistem', col });
  p.start('daily', 'Setiap pagi', s(0), { kind: 'timer', timeCycle: '0 30 0 * * *' })
    .start('on-demand', 'Pemeriksaan diminta', { lane: 'sistem', col: 0, row: 1 })
    .gateway('any-start', 'Mulai', s(1))
    .service('evaluate', 'Hitung ketidakhadiran dan buka kasus', s(2), {
      type: 'ektp.attendance.evaluate',
    })
    .end('evaluated', 'Kehadiran diperiksa', s(3))
    .flow('daily', 'any-start')
    .flow('on-demand', 'any-start')
    .chain('any-start', 'evaluate', 'evaluated');
  return p.build();
}
