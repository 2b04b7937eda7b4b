import { form } from '../form-builder.js';
import { ProcessBuilder } from '../process-builder.js';
import { slaUserTask } from '../sla-step.js';

const signForm = form('tandatangani-undangan', 'Tandatangani surat undangan perekaman', [
  {
    type: 'text',
    text: 'Kelurahan **{{kelurahanName}}**: {{residentCount}} warga wajib KTP diundang untuk perekaman.',
  },
  {
    type: 'radio',
    key: 'signature',
    label: 'Keputusan',
    options: [
      { label: 'Tandatangani sebagai Camat', value: 'CAMAT' },
      { label: 'Tandatangani a.n. Camat (Sekcam)', value: 'SEKCAM' },
    ],
  },
  { type: 'textarea', key: 'note', label: 'Catatan', maxLength: 500 },
]);

const distributeForm = form('bagikan-undangan', 'Terima dan bagikan undangan ke RT', [
  {
    type: 'text',
    text: '{{residentCount}} surat undangan untuk Kelurahan **{{kelurahanName}}** sudah ditandatangani. Serahkan ke Ketua RT masing-masing.',
  },
  { type: 'checkbox', key: 'handedToRt', label: 'Semua surat sudah diserahkan ke Ketua RT' },
  { type: 'textarea', key: 'note', label: 'Catatan', maxLength: 500 },
]);

/**
 * P1a: one kelurahan's invitation letters of the month: the Camat (or the Sekcam on his behalf)
 * signs, the kelurahan hands the letters to the RT, and each invited resident's lifecycle starts.
 */
export function invitationBatch() {
  const p = new ProcessBuilder({
    id: 'ektp-invitation-batch',
    name: 'Surat undangan perekaman per kelurahan',
    documentation:
      'Camat menandatangani surat undangan satu kelurahan, kelurahan menyerahkannya ke RT, lalu proses KTP-el tiap warga dimulai.',
    lanes: [
      { id: 'camat', name: 'Camat / Sekcam', rows: 2 },
      { id: 'kelurahan', name: 'Kelurahan (Lurah, staf)', rows: 2 },
      { id: 'sistem', name: 'Sistem kecamatan' },
    ],
  });
  p.start('batch-ready', 'Daftar undangan siap', { lane: 'camat', col: 0 }).service(
    'prepare',
    'Siapkan surat undangan',
    { lane: 'camat', col: 1 },
    {
      type: 'ektp.invitation.prepare-batch',
    },
  );
  slaUserTask(p, {
    id: 'sign',
    name: 'Tandatangani surat undangan',
    place: { lane: 'camat', col: 2 },
    policy: 'INVITATION_SIGN',
    variable: 'signSla',
    groups: 'camat,sekcam',
    form: signForm,
  });
  p.service(
    'record-signature',
    'Catat penandatanganan',
    { lane: 'camat', col: 4 },
    {
      type: 'ektp.invitation.record-batch-step',
      headers: { step: 'SIGNED' },
    },
  );
  slaUserTask(p, {
    id: 'distribute',
    name: 'Bagikan undangan ke RT',
    place: { lane: 'kelurahan', col: 5 },
    policy: 'INVITATION_DISTRIBUTE',
    variable: 'distributeSla',
    groups: 'staf-kelurahan,lurah',
    form: distributeForm,
  });
  p.service(
    'release',
    'Mulai proses KTP-el tiap warga',
    { lane: 'sistem', col: 7 },
    {
      type: 'ektp.invitation.release-batch',
    },
  )
    .end('released', 'Undangan di tangan RT', { lane: 'sistem', col: 8 })
    .chain('batch-ready', 'prepare', 'sign-deadline')
    .chain('sign', 'record-signature', 'distribute-deadline')
    .chain('distribute', 'release', 'released');
  return p.build();
}
