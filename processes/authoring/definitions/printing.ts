import { ProcessBuilder } from '../process-builder.js';

/**
 * P4: printing at the Dinas once the record is PRINT_READY_RECORD. Without blanko the resident
 * gets a Suket (valid 6 months, renewed at 150 days) and waits for `ektp-blanko-reserved`, sent
 * when a delivery arrives and stock is reserved for this print job. QC: a machine defect is
 * reprinted on a new blanko; wrong data ends in DATA_WRONG for the correction process. The card
 * then travels to the kecamatan.
 */
export function printing() {
  const p = new ProcessBuilder({
    id: 'ektp-printing',
    name: 'Pencetakan KTP-el di Disdukcapil',
    documentation:
      'Cek stok blanko, Suket bila kosong, cetak, periksa mutu, cetak ulang bila cacat, kirim ke kecamatan.',
    lanes: [{ id: 'dinas', name: 'Disdukcapil (gudang dan cetak)', rows: 5 }],
  });
  const d = (col: number, row = 0) => ({ lane: 'dinas', col, row });
  p.message('ektp-blanko-reserved', '=nik');
  p.start('print-ready', 'Rekaman siap cetak', d(0))
    .service('print-deadline', 'Hitung tenggat: cetak', d(1), {
      type: 'ektp.sla.deadline',
      headers: { policy: 'PRINT', variable: 'printSla' },
    })
    .subProcess('produce', 'Cetak kartu', d(2), { toCol: 10, toRow: 3 }, (s) => {
      s.start('produce-start', 'Mulai cetak', d(2))
        .gateway('try-reserve', 'Ambil blanko', d(3))
        .service('reserve', 'Pesan blanko dari stok', d(4), { type: 'ektp.stock.reserve-blanko' })
        .gateway('in-stock', 'Blanko tersedia?', d(5))
        .gateway('to-print', 'Cetak', d(6))
        .service('print', 'Cetak dan tulis chip', d(7), { type: 'ektp.print.card', retries: 5 })
        .gateway('qc', 'Lolos pemeriksaan mutu?', d(8))
        .end('produced', 'Kartu tercetak', d(9))
        .service('suket', 'Terbitkan Suket dan beri tahu warga', d(4, 1), {
          type: 'ektp.suket.issue',
          headers: { reason: 'NO_BLANKO' },
        })
        .gateway('await', 'Tunggu', d(4, 2))
        .gateway('wait-stock', 'Menunggu blanko', d(5, 2), 'event')
        .catchEvent('reserved', 'Blanko dipesan untuk warga', d(6, 2), {
          kind: 'message',
          message: 'ektp-blanko-reserved',
        })
        .catchEvent('suket-expiring', '150 hari', d(5, 3), { kind: 'timer', timeDuration: 'P150D' })
        .service('renew-suket', 'Perpanjang Suket', d(3, 3), {
          type: 'ektp.suket.issue',
          headers: { reason: 'NO_BLANKO', renewal: 'true' },
        })
        .service('record-defect', 'Catat cacat dan buang blanko', d(8, 1), {
          type: 'ektp.print.record-defect',
        })
        .gateway('defect-cause', 'Penyebab cacat?', d(8, 2))
        .errorEnd('data-wrong', 'Data SIAK salah', d(9, 2), 'DATA_WRONG')
        .chain('produce-start', 'try-reserve', 'reserve', 'in-stock')
        .flow('in-stock', 'to-print', { name: 'Ya', condition: '=blankoReserved = true' })
        .flow('in-stock', 'suket', { name: 'Habis', isDefault: true })
        .chain('to-print', 'print', 'qc')
        .flow('qc', 'produced', { name: 'Ya', condition: '=printOutcome = "PRINTED"' })
        .flow('qc', 'record-defect', { name: 'Cacat', isDefault: true })
        .chain('suket', 'await', 'wait-stock')
        .flow('wait-stock', 'reserved')
        .flow('wait-stock', 'suket-expiring')
        .flow('reserved', 'to-print')
        .chain('suket-expiring', 'renew-suket', 'await')
        .chain('record-defect', 'defect-cause')
        .flow('defect-cause', 'try-reserve', {
          name: 'Mesin: cetak ulang',
          condition: '=defectCause = "PRINT_DEFECT"',
          loopBelow: true,
        })
        .flow('defect-cause', 'data-wrong', { name: 'Data salah', isDefault: true });
    })
    .boundary(
      'print-late',
      'Melewati tenggat cetak',
      'produce',
      { kind: 'timer', timeDate: '=printSla.breachAt' },
      { interrupting: false },
    )
    .service('print-breach', 'Catat keterlambatan dan eskalasi', d(3, 4), {
      type: 'ektp.sla.breach',
      headers: { policy: 'PRINT', variable: 'printSla', step: 'produce' },
    })
    .end('print-escalated', 'Diteruskan ke Kadis', d(4, 4))
    .service('ship', 'Kirim kartu ke kecamatan', d(11), { type: 'ektp.print.ship' })
    .end('at-kecamatan', 'Kartu tiba di kecamatan', d(12))
    .chain('print-ready', 'print-deadline', 'produce', 'ship', 'at-kecamatan')
    .chain('print-late', 'print-breach', 'print-escalated');
  return p.build();
}
