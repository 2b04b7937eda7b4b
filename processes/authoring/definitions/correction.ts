import { form } from '../form-builder.js';
import { ProcessBuilder } from '../process-builder.js';
import { slaUserTask } from '../sla-step.js';

const fixDataForm = form('perbaiki-biodata', 'Perbaiki biodata dan KK', [
  {
    type: 'text',
    text: 'Kartu {{residentName}} tercetak dengan data salah (**{{defect}}**). Minta dokumen pendukung (akta kelahiran atau ijazah untuk nama/tempat/tanggal lahir, KK untuk alamat), perbaiki biodata dan KK (F-1.06).',
  },
  {
    type: 'checkbox',
    key: 'documentsComplete',
    label: 'Dokumen pendukung lengkap dan sudah diperiksa',
  },
  {
    type: 'textfield',
    key: 'correctedName',
    label: 'Nama yang benar (bila nama salah)',
    maxLength: 120,
  },
  {
    type: 'radio',
    key: 'rootCause',
    label: 'Penyebab kesalahan',
    options: [
      { label: 'Data SIAK salah', value: 'SIAK_DATA_WRONG' },
      { label: 'Salah input operator', value: 'OPERATOR_ENTRY' },
      { label: 'Data warga berubah', value: 'RESIDENT_DATA_CHANGED' },
    ],
  },
  { type: 'textarea', key: 'note', label: 'Catatan', maxLength: 500 },
]);

/**
 * P6: a printed card is wrong. A print defect is reprinted at once; wrong data is first fixed in
 * SIAK and the KK (with documents), then reprinted. The old card is retrieved and the root cause
 * recorded (operator-entry errors are counted for supervision).
 */
export function correction() {
  const p = new ProcessBuilder({
    id: 'ektp-correction',
    name: 'Perbaikan dan cetak ulang KTP-el',
    documentation:
      'Cacat cetak dicetak ulang; data salah diperbaiki dulu di SIAK dan KK lalu dicetak ulang; kartu lama ditarik.',
    lanes: [
      { id: 'dinas', name: 'Disdukcapil', rows: 3 },
      { id: 'sistem', name: 'Sistem', rows: 2 },
    ],
  });
  const d = (col: number, row = 0) => ({ lane: 'dinas', col, row });
  const s = (col: number, row = 0) => ({ lane: 'sistem', col, row });
  p.start('reported', 'Kartu salah dilaporkan', s(0))
    .gateway('take-case', 'Ambil kasus', s(1))
    .service('classify', 'Ambil kasus perbaikan', s(2), { type: 'ektp.correction.classify' })
    .gateway('kind', 'Jenis kesalahan?', s(3))
    .service('defect-deadline', 'Hitung tenggat: cetak ulang', s(4, 1), {
      type: 'ektp.sla.deadline',
      headers: { policy: 'REPRINT_DEFECT', variable: 'reprintSla' },
    });
  slaUserTask(p, {
    id: 'fix-data',
    name: 'Perbaiki biodata dan KK',
    place: d(3),
    policy: 'REPRINT_DATA',
    variable: 'reprintSla',
    groups: 'dinas-siak',
    form: fixDataForm,
  });
  p.service('update-siak', 'Perbarui biodata di SIAK', d(5), { type: 'ektp.siak.update-biodata' })
    .gateway('to-reprint', 'Cetak ulang', s(6))
    .call('reprint', 'Cetak ulang', s(7), {
      processId: 'ektp-printing',
      inputs: { nik: '=nik', kelurahanCode: '=kelurahanCode' },
      outputs: { cardSerial: '=cardSerial' },
    })
    .boundary(
      'reprint-late',
      'Melewati tenggat',
      'reprint',
      { kind: 'timer', timeDate: '=reprintSla.breachAt' },
      { interrupting: false },
    )
    .service('reprint-breach', 'Catat keterlambatan dan eskalasi', s(8, 1), {
      type: 'ektp.sla.breach',
      headers: { variable: 'reprintSla', step: 'reprint' },
    })
    .end('reprint-escalated', 'Diteruskan ke Camat', s(9, 1))
    .boundary(
      'still-wrong',
      'Data masih salah',
      'reprint',
      { kind: 'error', errorCode: 'DATA_WRONG' },
      { slot: 2 },
    )
    .service('close', 'Tutup kasus, tarik kartu lama', s(9), { type: 'ektp.correction.close-case' })
    .end('corrected', 'Kartu pengganti siap', s(10))
    .chain('reported', 'take-case', 'classify', 'kind')
    .flow('kind', 'defect-deadline', {
      name: 'Cacat cetak',
      condition: '=correctionKind = "PRINT_DEFECT"',
    })
    .flow('kind', 'fix-data-deadline', { name: 'Data salah', isDefault: true })
    .flow('defect-deadline', 'to-reprint')
    .chain('fix-data', 'update-siak', 'to-reprint')
    .chain('to-reprint', 'reprint', 'close', 'corrected')
    .chain('reprint-late', 'reprint-breach', 'reprint-escalated')
    .flow('still-wrong', 'take-case', { loopBelow: true });
  return p.build();
}
