import { ProcessBuilder } from '../process-builder.js';

/**
 * The parent process, one instance per resident (NIK): invitation → recording → central clearance
 * → printing → handover and activation, with the correction loop. Every way it can end is a named
 * state in app.lifecycles, written by `ektp.lifecycle.close`.
 */
export function lifecycle() {
  const p = new ProcessBuilder({
    id: 'ektp-lifecycle',
    name: 'Layanan KTP-el satu warga',
    documentation:
      'Satu instans per NIK: undangan, perekaman, pemantauan di pusat, pencetakan, penyerahan dan aktivasi, dengan perbaikan bila kartu salah.',
    lanes: [
      { id: 'kelurahan', name: 'Kelurahan dan RT' },
      { id: 'kecamatan', name: 'Kecamatan Jelutung' },
      { id: 'dinas', name: 'Disdukcapil Kota Jambi', rows: 2 },
      { id: 'keluar', name: 'Berakhir dengan pengecualian', rows: 2 },
    ],
  });
  const kec = (col: number, row = 0) => ({ lane: 'kecamatan', col, row });
  const out = (col: number) => ({ lane: 'keluar', col, row: 0 });
  const closing = (id: string, name: string, col: number, state: string) => {
    p.service(`close-${id}`, name, out(col), { type: 'ektp.lifecycle.close', headers: { state } });
    p.end(`ended-${id}`, name, { lane: 'keluar', col, row: 1 });
    p.flow(`close-${id}`, `ended-${id}`);
  };

  // A message start: the engine keeps one active instance per NIK (the correlation key), so a
  // repeated request while a lifecycle runs starts nothing.
  p.message('ektp-lifecycle-requested', '=nik');
  p.start('must-hold-card', 'Warga wajib KTP', kec(0), {
    kind: 'message',
    message: 'ektp-lifecycle-requested',
  })
    .service('open', 'Buka berkas layanan', kec(1), { type: 'ektp.lifecycle.open' })
    .gateway('invited', 'Diundang?', kec(2))
    .call(
      'invitation',
      'Undangan dan kedatangan',
      { lane: 'kelurahan', col: 3 },
      {
        processId: 'ektp-invitation',
        inputs: { nik: '=nik', kelurahanCode: '=kelurahanCode', invitationId: '=invitationId' },
      },
    )
    .boundary('undeliverable', 'Tidak dapat diantar', 'invitation', {
      kind: 'error',
      errorCode: 'INVITATION_UNDELIVERABLE',
    })
    .boundary(
      'no-show',
      'Tidak hadir',
      'invitation',
      { kind: 'error', errorCode: 'NO_SHOW' },
      { slot: 1 },
    )
    .gateway('arrived', 'Hadir', kec(4))
    .call('recording', 'Perekaman', kec(5), {
      processId: 'ektp-recording',
      inputs: {
        nik: '=nik',
        kelurahanCode: '=kelurahanCode',
        enrolmentAttempt: '=enrolmentAttempt',
      },
    })
    .boundary('not-eligible', 'Belum wajib KTP', 'recording', {
      kind: 'error',
      errorCode: 'NOT_ELIGIBLE',
    })
    .boundary(
      'already-recorded',
      'Sudah pernah merekam',
      'recording',
      { kind: 'error', errorCode: 'ALREADY_RECORDED' },
      { slot: 1 },
    )
    .gateway('recorded', 'Terekam', { lane: 'dinas', col: 6 })
    .call(
      'clearance',
      'Pemantauan di pusat',
      { lane: 'dinas', col: 7 },
      {
        processId: 'ektp-central-clearance',
        inputs: {
          nik: '=nik',
          kelurahanCode: '=kelurahanCode',
          enrolmentAttempt: '=enrolmentAttempt',
        },
      },
    )
    .boundary('duplicate', 'Rekaman ganda', 'clearance', {
      kind: 'error',
      errorCode: 'DUPLICATE_RECORD',
    })
    .boundary(
      'enrol-failed',
      'Gagal enrol',
      'clearance',
      { kind: 'error', errorCode: 'ENROLMENT_FAILED' },
      { slot: 1 },
    )
    .service(
      'rerecord',
      'Undang rekam ulang (prioritas)',
      { lane: 'dinas', col: 7, row: 1 },
      { type: 'ektp.lifecycle.request-rerecord' },
    )
    .gateway('retry-left', 'Masih boleh rekam ulang?', { lane: 'dinas', col: 6, row: 1 })
    .call(
      'printing',
      'Pencetakan',
      { lane: 'dinas', col: 8 },
      {
        processId: 'ektp-printing',
        inputs: { nik: '=nik', kelurahanCode: '=kelurahanCode' },
        outputs: { cardSerial: '=cardSerial' },
      },
    )
    .boundary('print-data-wrong', 'Data salah saat QC', 'printing', {
      kind: 'error',
      errorCode: 'DATA_WRONG',
    })
    .gateway('to-handover', 'Serahkan', kec(9))
    .call('activation', 'Penyerahan dan aktivasi', kec(10), {
      processId: 'ektp-activation',
      inputs: { nik: '=nik', kelurahanCode: '=kelurahanCode', cardSerial: '=cardSerial' },
    })
    .boundary('needs-correction', 'Perlu perbaikan', 'activation', {
      kind: 'error',
      errorCode: 'CORRECTION_NEEDED',
    })
    .boundary(
      'unclaimed',
      'Tidak diambil',
      'activation',
      { kind: 'error', errorCode: 'CARD_UNCLAIMED' },
      { slot: 1 },
    )
    .boundary(
      'mismatch',
      'Sidik jari tidak cocok',
      'activation',
      { kind: 'error', errorCode: 'FINGERPRINT_MISMATCH' },
      { slot: 2 },
    )
    .gateway('to-correction', 'Perbaiki', { lane: 'dinas', col: 9, row: 1 })
    .call(
      'correction',
      'Perbaikan dan cetak ulang',
      { lane: 'dinas', col: 9 },
      {
        processId: 'ektp-correction',
        inputs: { nik: '=nik', kelurahanCode: '=kelurahanCode' },
        outputs: { cardSerial: '=cardSerial' },
      },
    )
    .service('close-activated', 'Tutup berkas: KTP-el aktif', kec(11), {
      type: 'ektp.lifecycle.close',
      headers: { state: 'ACTIVATED' },
    })
    .end('activated', 'KTP-el aktif', kec(12));
  closing('undeliverable', 'Undangan tidak sampai', 3, 'INVITATION_UNDELIVERABLE');
  closing('no-show', 'Warga tidak hadir', 4, 'NO_SHOW');
  closing('not-eligible', 'Belum wajib KTP', 5, 'NOT_ELIGIBLE');
  closing('duplicate', 'Rekaman ganda', 7, 'DUPLICATE_RECORD');
  closing('enrol-failed', 'Gagal enrol berulang', 6, 'ENROLMENT_FAILED');
  closing('unclaimed', 'Kartu tidak diambil', 10, 'CARD_UNCLAIMED');
  closing('mismatch', 'Sidik jari tidak cocok', 11, 'FINGERPRINT_MISMATCH');
  p.chain('must-hold-card', 'open', 'invited')
    .flow('invited', 'invitation', { name: 'Ya', condition: '=invitationId != null' })
    .flow('invited', 'arrived', { name: 'Datang sendiri', isDefault: true })
    .flow('invitation', 'arrived')
    .flow('arrived', 'recording')
    .flow('recording', 'recorded')
    .flow('already-recorded', 'recorded')
    .flow('recorded', 'clearance')
    .flow('clearance', 'printing')
    .flow('printing', 'to-handover')
    .flow('print-data-wrong', 'to-correction')
    .flow('to-handover', 'activation')
    .flow('needs-correction', 'to-correction')
    .flow('to-correction', 'correction')
    .flow('correction', 'to-handover')
    .flow('activation', 'close-activated')
    .flow('close-activated', 'activated')
    .flow('undeliverable', 'close-undeliverable')
    .flow('no-show', 'close-no-show')
    .flow('not-eligible', 'close-not-eligible')
    .flow('duplicate', 'close-duplicate')
    .flow('enrol-failed', 'rerecord')
    .flow('rerecord', 'retry-left')
    .flow('retry-left', 'arrived', {
      name: 'Ya',
      condition: '=enrolmentAttempt <= 3',
      loopBelow: true,
    })
    .flow('retry-left', 'close-enrol-failed', { name: 'Tidak', isDefault: true })
    .flow('unclaimed', 'close-unclaimed')
    .flow('mismatch', 'close-mismatch');
  return p.build();
}
