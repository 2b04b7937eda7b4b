import { form } from '../form-builder.js';
import { ProcessBuilder } from '../process-builder.js';
import { slaUserTask } from '../sla-step.js';

const duplicateForm = form('tangani-rekaman-ganda', 'Tangani rekaman ganda (DUPLICATE_RECORD)', [
  {
    type: 'text',
    text: 'ABIS menemukan rekaman biometrik **{{residentName}}** sama dengan rekaman lain ({{duplicateKind}}). Wawancarai warga, tentukan NIK yang benar dan ajukan penghapusan ke Ditjen.',
  },
  {
    type: 'radio',
    key: 'duplicateResolution',
    label: 'Hasil penanganan',
    options: [
      {
        label: 'NIK lain milik warga yang sama: ajukan hapus rekaman ganda',
        value: 'DELETE_REQUESTED',
      },
      { label: 'Orang berbeda: ajukan verifikasi ulang ke Ditjen', value: 'REVERIFY_REQUESTED' },
    ],
  },
  { type: 'textarea', key: 'note', label: 'Catatan wawancara', maxLength: 1000, required: true },
]);

/**
 * P3: after sending, follow the central status daily until PRINT_READY_RECORD. Late receipt at
 * the centre (3 wd) and late PRR (14 wd) are breaches; a duplicate record opens a case for the
 * Dinas; an enrolment failure sends the resident back to recording.
 */
export function centralClearance() {
  const p = new ProcessBuilder({
    id: 'ektp-central-clearance',
    name: 'Pemantauan status di pusat (SFE sampai PRR)',
    documentation:
      'Status rekaman dipantau setiap hari sampai PRINT_READY_RECORD; keterlambatan, kegagalan enrol dan rekaman ganda ditangani.',
    lanes: [
      { id: 'sistem', name: 'Sistem kecamatan', rows: 4 },
      { id: 'dinas', name: 'Disdukcapil (operator SIAK)', rows: 2 },
    ],
  });
  const sys = (col: number, row = 0) => ({ lane: 'sistem', col, row });
  p.start('sent', 'Rekaman terkirim', sys(0))
    .service('receipt-deadline', 'Hitung tenggat: diterima pusat', sys(1), {
      type: 'ektp.sla.deadline',
      headers: { policy: 'CENTRAL_RECEIPT', variable: 'receiptSla' },
    })
    .service('prr-deadline', 'Hitung tenggat: PRR', sys(2), {
      type: 'ektp.sla.deadline',
      headers: { policy: 'CENTRAL_PRR', variable: 'prrSla' },
    })
    .subProcess('monitor', 'Pantau status harian', sys(3), { toCol: 6, toRow: 1 }, (s) => {
      s.start('monitor-start', 'Mulai pantau', sys(3))
        .gateway('poll-again', 'Periksa', sys(4))
        .service('poll', 'Ambil status dari SIAK', sys(5), { type: 'ektp.siak.poll-status' })
        .gateway('final', 'Status akhir?', sys(6))
        .end('monitor-end', 'Status akhir diterima', sys(6, 1))
        .catchEvent('next-day', 'Besok', sys(5, 1), { kind: 'timer', timeDuration: 'P1D' })
        .chain('monitor-start', 'poll-again', 'poll', 'final')
        .flow('final', 'monitor-end', {
          name: 'Ya',
          condition:
            '=list contains(["PRINT_READY_RECORD", "DUPLICATE_RECORD", "ENROLL_FAILURE_AT_CENTRAL", "ENROLL_FAILURE_AT_REGIONAL", "SEARCH_FAILURE_AT_CENTRAL", "REQUEST_VALIDATION"], centralStatus)',
        })
        .flow('final', 'next-day', { name: 'Belum', isDefault: true })
        .flow('next-day', 'poll-again');
    })
    .boundary(
      'receipt-late',
      'Belum diterima pusat',
      'monitor',
      { kind: 'timer', timeDate: '=receiptSla.breachAt' },
      { interrupting: false },
    )
    .gateway('still-sent', 'Masih SENT_FOR_ENROLLMENT?', sys(4, 2))
    .service('receipt-breach', 'Catat keterlambatan dan eskalasi', sys(5, 2), {
      type: 'ektp.sla.breach',
      headers: { policy: 'CENTRAL_RECEIPT', variable: 'receiptSla', step: 'monitor' },
    })
    .end('receipt-escalated', 'Diteruskan ke Dinas', sys(6, 2))
    .end('receipt-ok', 'Sudah diterima', sys(5, 3))
    .boundary(
      'prr-late',
      'Belum PRR',
      'monitor',
      { kind: 'timer', timeDate: '=prrSla.breachAt' },
      { interrupting: false, slot: 14 },
    )
    .service('prr-breach', 'Catat keterlambatan dan eskalasi', sys(7, 3), {
      type: 'ektp.sla.breach',
      headers: { policy: 'CENTRAL_PRR', variable: 'prrSla', step: 'monitor' },
    })
    .end('prr-escalated', 'Dilaporkan ke Camat', sys(8, 3))
    .gateway('outcome', 'Hasil di pusat?', sys(7))
    .end('print-ready', 'Siap cetak (PRR)', sys(8))
    .errorEnd('enrol-failed', 'Gagal enrol: rekam ulang', sys(8, 1), 'ENROLMENT_FAILED')
    .service(
      'open-duplicate',
      'Buka kasus rekaman ganda',
      { lane: 'dinas', col: 7 },
      {
        type: 'ektp.duplicate.open-case',
      },
    );
  slaUserTask(p, {
    id: 'handle-duplicate',
    name: 'Tangani rekaman ganda',
    place: { lane: 'dinas', col: 8 },
    policy: 'DUPLICATE_CASE',
    variable: 'duplicateSla',
    groups: 'dinas-siak',
    form: duplicateForm,
  });
  p.service(
    'record-duplicate',
    'Catat penanganan',
    { lane: 'dinas', col: 10 },
    {
      type: 'ektp.duplicate.record-resolution',
    },
  )
    .errorEnd(
      'duplicate',
      'Rekaman ganda: kartu belum dapat diterbitkan',
      { lane: 'dinas', col: 11 },
      'DUPLICATE_RECORD',
    )
    .chain('sent', 'receipt-deadline', 'prr-deadline', 'monitor', 'outcome')
    .chain('receipt-late', 'still-sent')
    .flow('still-sent', 'receipt-breach', {
      name: 'Ya',
      condition: '=centralStatus = null or centralStatus = "SENT_FOR_ENROLLMENT"',
    })
    .flow('still-sent', 'receipt-ok', { name: 'Tidak', isDefault: true })
    .flow('receipt-breach', 'receipt-escalated')
    .chain('prr-late', 'prr-breach', 'prr-escalated')
    .flow('outcome', 'print-ready', {
      name: 'PRR',
      condition: '=centralStatus = "PRINT_READY_RECORD"',
    })
    .flow('outcome', 'open-duplicate', {
      name: 'Rekaman ganda',
      condition: '=centralStatus = "DUPLICATE_RECORD"',
    })
    .flow('outcome', 'enrol-failed', { name: 'Gagal enrol', isDefault: true })
    .flow('open-duplicate', 'handle-duplicate-deadline')
    .chain('handle-duplicate', 'record-duplicate', 'duplicate');
  return p.build();
}
