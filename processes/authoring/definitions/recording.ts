import { form } from '../form-builder.js';
import { ProcessBuilder } from '../process-builder.js';
import { slaUserTask } from '../sla-step.js';

const requirementsForm = form('periksa-persyaratan', 'Periksa persyaratan perekaman', [
  {
    type: 'text',
    text: 'Nomor antrean **{{queueNumber}}** — {{residentName}}, NIK {{nikMasked}}. Periksa fotokopi KK dan surat undangan atau pengantar, serta usia atau bukti perkawinan.',
  },
  {
    type: 'radio',
    key: 'requirementsOutcome',
    label: 'Hasil pemeriksaan',
    options: [
      { label: 'Lengkap dan memenuhi syarat', value: 'COMPLETE' },
      { label: 'Belum wajib KTP (usia < 17 dan belum kawin)', value: 'NOT_ELIGIBLE' },
    ],
  },
  { type: 'textarea', key: 'note', label: 'Catatan', maxLength: 500 },
]);

const captureForm = form('rekam-biometrik', 'Rekam foto, tanda tangan, sidik jari dan iris', [
  { type: 'text', text: '{{residentName}} — stasiun perekaman **{{stationId}}**.' },
  {
    type: 'radio',
    key: 'captureOutcome',
    label: 'Hasil perekaman',
    options: [
      { label: 'Berhasil, lolos pemeriksaan mutu', value: 'CAPTURED' },
      { label: 'Stasiun atau jaringan gangguan', value: 'STATION_DOWN' },
    ],
  },
  {
    type: 'checkbox',
    key: 'fingerException',
    label: 'Ada jari yang tidak dapat direkam (pengecualian)',
  },
  { type: 'textarea', key: 'note', label: 'Catatan', maxLength: 500 },
]);

const restoreForm = form('pulihkan-stasiun', 'Pulihkan stasiun perekaman', [
  {
    type: 'text',
    text: 'Stasiun **{{stationId}}** dilaporkan gangguan. Hubungi helpdesk Dinas, lalu lanjutkan perekaman di stasiun ini atau stasiun lain.',
  },
  {
    type: 'select',
    key: 'stationId',
    label: 'Stasiun untuk melanjutkan',
    options: [
      { label: 'Stasiun 1', value: 'REKAM-1' },
      { label: 'Stasiun 2', value: 'REKAM-2' },
      { label: 'Stasiun 3', value: 'REKAM-3' },
    ],
  },
  { type: 'textarea', key: 'note', label: 'Tindakan yang diambil', maxLength: 500 },
]);

/**
 * P2: recording at the kecamatan: queue ticket, requirement check, SIAK status check, biometric
 * capture (with the station-outage path), save and send to the centre. A send that cannot reach
 * the centre is retried every 30 minutes; it is late after the same working day.
 */
export function recording() {
  const p = new ProcessBuilder({
    id: 'ektp-recording',
    name: 'Perekaman KTP-el di kecamatan',
    documentation:
      'Antrean, pemeriksaan persyaratan, cek status SIAK, perekaman biometrik, simpan dan kirim ke pusat.',
    lanes: [
      { id: 'loket', name: 'Petugas loket', rows: 2 },
      { id: 'operator', name: 'Operator perekaman', rows: 2 },
      { id: 'kasi', name: 'Kasi Pelayanan', rows: 2 },
      { id: 'sistem', name: 'Sistem kecamatan', rows: 2 },
    ],
  });
  const sys = (col: number, row = 0) => ({ lane: 'sistem', col, row });
  p.start('arrived', 'Warga datang', { lane: 'loket', col: 0 }).service(
    'ticket',
    'Ambil nomor antrean',
    { lane: 'loket', col: 1 },
    {
      type: 'ektp.recording.issue-ticket',
    },
  );
  slaUserTask(p, {
    id: 'check-requirements',
    name: 'Periksa persyaratan',
    place: { lane: 'loket', col: 2 },
    policy: 'QUEUE_WAIT',
    variable: 'queueSla',
    groups: 'petugas-loket',
    form: requirementsForm,
  });
  p.gateway('eligible', 'Memenuhi syarat?', { lane: 'loket', col: 4 })
    .errorEnd('not-eligible', 'Belum wajib KTP', { lane: 'loket', col: 5 }, 'NOT_ELIGIBLE')
    .service('lookup', 'Cek status di SIAK', sys(5), { type: 'ektp.siak.lookup-status' })
    .gateway('unregistered', 'Belum pernah merekam?', sys(6))
    .errorEnd('already-recorded', 'Sudah pernah merekam', sys(7, 1), 'ALREADY_RECORDED')
    .gateway('to-capture', 'Rekam', { lane: 'operator', col: 7 })
    .userTask(
      'capture',
      'Rekam biometrik',
      { lane: 'operator', col: 8 },
      {
        groups: 'operator-perekaman',
        form: captureForm,
      },
    )
    .gateway('captured', 'Perekaman berhasil?', { lane: 'operator', col: 9 })
    .service(
      'report-outage',
      'Laporkan gangguan stasiun',
      { lane: 'kasi', col: 8 },
      {
        type: 'ektp.station.report-outage',
      },
    );
  slaUserTask(p, {
    id: 'restore-station',
    name: 'Pulihkan stasiun perekaman',
    place: { lane: 'kasi', col: 9 },
    policy: 'STATION_OUTAGE',
    variable: 'outageSla',
    groups: 'kasi',
    form: restoreForm,
  });
  p.service(
    'close-outage',
    'Catat stasiun pulih',
    { lane: 'kasi', col: 11 },
    {
      type: 'ektp.station.close-outage',
    },
  )
    .service(
      'save',
      'Simpan rekaman (BIO_CAPTURED)',
      { lane: 'operator', col: 10 },
      {
        type: 'ektp.recording.save-biometrics',
      },
    )
    .service('send-deadline', 'Hitung tenggat: kirim ke pusat', sys(10), {
      type: 'ektp.sla.deadline',
      headers: { policy: 'SEND_TO_CENTRAL', variable: 'sendSla' },
    })
    .gateway('to-send', 'Kirim', sys(11))
    .service('send', 'Kirim ke pusat (SFE)', sys(12), { type: 'ektp.siak.submit-enrolment' })
    .boundary('unreachable', 'Pusat tidak terjangkau', 'send', {
      kind: 'error',
      errorCode: 'CENTRAL_UNREACHABLE',
    })
    .catchEvent('retry-wait', 'Tunggu 30 menit', sys(12, 1), {
      kind: 'timer',
      timeDuration: 'PT30M',
    })
    .gateway('late-send', 'Lewat hari kerja?', sys(11, 1))
    .service('send-breach', 'Catat keterlambatan dan eskalasi', sys(10, 1), {
      type: 'ektp.sla.breach',
      headers: { policy: 'SEND_TO_CENTRAL', variable: 'sendSla', step: 'send' },
    })
    .end('sent', 'Terkirim ke pusat', sys(13))
    .chain('arrived', 'ticket', 'check-requirements-deadline')
    .flow('check-requirements', 'eligible')
    .flow('eligible', 'lookup', { name: 'Ya', condition: '=requirementsOutcome = "COMPLETE"' })
    .flow('eligible', 'not-eligible', { name: 'Tidak', isDefault: true })
    .flow('lookup', 'unregistered')
    .flow('unregistered', 'to-capture', {
      name: 'Ya',
      condition: '=enrollmentStatus = "UNREGISTERED"',
    })
    .flow('unregistered', 'already-recorded', { name: 'Sudah', isDefault: true })
    .chain('to-capture', 'capture', 'captured')
    .flow('captured', 'save', { name: 'Berhasil', condition: '=captureOutcome = "CAPTURED"' })
    .flow('captured', 'report-outage', { name: 'Gangguan', isDefault: true })
    .flow('report-outage', 'restore-station-deadline')
    .chain('restore-station', 'close-outage', 'to-capture')
    .chain('save', 'send-deadline', 'to-send', 'send', 'sent')
    .chain('unreachable', 'retry-wait', 'late-send')
    .flow('late-send', 'send-breach', {
      name: 'Ya, belum dicatat',
      condition: '=now() > date and time(sendSla.breachAt) and not(sendBreachRecorded = true)',
    })
    .flow('late-send', 'to-send', { name: 'Coba lagi', isDefault: true })
    .flow('send-breach', 'to-send');
  return p.build();
}
