import { form } from '../form-builder.js';
import { ProcessBuilder } from '../process-builder.js';
import { slaUserTask } from '../sla-step.js';

const deliverForm = form('antar-undangan', 'Antar surat undangan ke warga', [
  {
    type: 'text',
    text: 'Undangan perekaman KTP-el untuk **{{residentName}}** (RT {{rt}}/RW {{rw}}), percobaan ke-{{invitationAttempt}}.',
  },
  {
    type: 'radio',
    key: 'deliveryOutcome',
    label: 'Hasil pengantaran',
    options: [
      { label: 'Diterima warga atau keluarganya', value: 'DELIVERED' },
      { label: 'Warga sudah pindah', value: 'MOVED' },
      { label: 'Warga meninggal dunia', value: 'DECEASED' },
      { label: 'Warga sudah pernah merekam', value: 'ALREADY_RECORDED' },
      { label: 'Alamat tidak ditemukan', value: 'UNKNOWN_ADDRESS' },
    ],
  },
  { type: 'textarea', key: 'note', label: 'Catatan', maxLength: 500 },
]);

const homeVisitForm = form('jemput-bola', 'Kunjungan rumah (jemput bola)', [
  {
    type: 'text',
    text: '**{{residentName}}** tidak datang setelah {{invitationAttempt}} undangan. Kunjungi rumahnya dan tanyakan kesediaannya merekam.',
  },
  {
    type: 'radio',
    key: 'homeVisitOutcome',
    label: 'Hasil kunjungan',
    options: [
      { label: 'Warga bersedia datang, jadwalkan ulang', value: 'WILL_ATTEND' },
      { label: 'Warga tidak bersedia atau tidak ditemui', value: 'NOT_REACHED' },
    ],
  },
  { type: 'textarea', key: 'note', label: 'Catatan', maxLength: 500 },
]);

/**
 * P1b: one resident's invitation: the RT delivers the letter, a slot is booked and the resident
 * reminded; the resident checks in at the kecamatan (message `ektp-resident-arrived`). No arrival
 * within the service level → a second invitation, then a home visit. Undeliverable letters and
 * residents who never come end in BPMN errors the lifecycle turns into exception states.
 */
export function invitation() {
  const p = new ProcessBuilder({
    id: 'ektp-invitation',
    name: 'Undangan perekaman untuk satu warga',
    documentation:
      'Ketua RT mengantar undangan, warga diingatkan dan datang ke kecamatan; bila tidak datang: undangan kedua, lalu kunjungan rumah.',
    lanes: [
      { id: 'rt', name: 'Ketua RT', rows: 2 },
      { id: 'sistem', name: 'Sistem kecamatan', rows: 2 },
      { id: 'kelurahan', name: 'Kelurahan', rows: 2 },
    ],
  });
  const sys = (col: number, row = 0) => ({ lane: 'sistem', col, row });
  p.message('ektp-resident-arrived', '=nik');
  p.start('invited', 'Warga diundang', { lane: 'rt', col: 0 })
    .service(
      'issue',
      'Terbitkan surat undangan',
      { lane: 'rt', col: 1 },
      {
        type: 'ektp.invitation.issue',
      },
    )
    .gateway('to-deliver', 'Antar', { lane: 'rt', col: 2 });
  slaUserTask(p, {
    id: 'deliver',
    name: 'Antar undangan ke warga',
    place: { lane: 'rt', col: 3 },
    policy: 'INVITATION_DELIVER',
    variable: 'deliverSla',
    groups: 'ketua-rt',
    form: deliverForm,
  });
  p.service(
    'record-delivery',
    'Catat hasil pengantaran',
    { lane: 'rt', col: 5 },
    {
      type: 'ektp.invitation.record-delivery',
    },
  )
    .gateway('delivered', 'Undangan sampai?', { lane: 'rt', col: 6 })
    .errorEnd(
      'undeliverable',
      'Undangan tidak dapat diantar',
      { lane: 'rt', col: 7, row: 1 },
      'INVITATION_UNDELIVERABLE',
    )
    .gateway('to-book', 'Jadwalkan', sys(7))
    .service('book', 'Pesan jadwal perekaman', sys(8), { type: 'ektp.invitation.book-slot' })
    .service('remind', 'Kirim pengingat jadwal', sys(9), {
      type: 'ektp.notify',
      headers: { template: 'INVITATION_REMINDER', recipient: 'RESIDENT' },
    })
    .gateway('wait', 'Menunggu kedatangan', sys(10), 'event')
    .catchEvent('arrived', 'Warga datang ke kecamatan', sys(11), {
      kind: 'message',
      message: 'ektp-resident-arrived',
    })
    .service('fulfil', 'Tandai undangan terpenuhi', sys(12), {
      type: 'ektp.invitation.record-arrival',
    })
    .end('attended', 'Warga hadir', sys(13))
    .catchEvent('no-show', 'Tidak datang dalam 10 hari kerja setelah jadwal', sys(11, 1), {
      kind: 'timer',
      timeDate: '=attendSla.breachAt',
    })
    .gateway('second-chance', 'Sudah diundang dua kali?', sys(12, 1))
    .service(
      'reissue',
      'Siapkan undangan kedua',
      { lane: 'rt', col: 12, row: 1 },
      {
        type: 'ektp.invitation.reissue',
      },
    )
    .userTask(
      'home-visit',
      'Kunjungan rumah (jemput bola)',
      { lane: 'kelurahan', col: 13 },
      {
        groups: 'staf-kelurahan,ketua-rt',
        form: homeVisitForm,
      },
    )
    .gateway('visit-result', 'Warga bersedia datang?', { lane: 'kelurahan', col: 14 })
    .service(
      'mark-no-show',
      'Catat warga tidak hadir',
      { lane: 'kelurahan', col: 15 },
      {
        type: 'ektp.invitation.record-no-show',
      },
    )
    .errorEnd('gave-up', 'Warga tidak hadir', { lane: 'kelurahan', col: 16 }, 'NO_SHOW')
    .chain('invited', 'issue', 'to-deliver', 'deliver-deadline')
    .chain('deliver', 'record-delivery', 'delivered')
    .flow('delivered', 'to-book', { name: 'Ya', condition: '=deliveryOutcome = "DELIVERED"' })
    .flow('delivered', 'undeliverable', { name: 'Tidak', isDefault: true })
    .chain('to-book', 'book', 'remind', 'wait')
    .flow('wait', 'arrived')
    .flow('wait', 'no-show')
    .chain('arrived', 'fulfil', 'attended')
    .flow('no-show', 'second-chance')
    .flow('second-chance', 'reissue', { name: 'Baru sekali', condition: '=invitationAttempt < 2' })
    .flow('second-chance', 'home-visit', { name: 'Sudah dua kali', isDefault: true })
    .flow('reissue', 'to-deliver')
    .flow('home-visit', 'visit-result')
    .flow('visit-result', 'to-book', {
      name: 'Bersedia',
      condition: '=homeVisitOutcome = "WILL_ATTEND"',
    })
    .flow('visit-result', 'mark-no-show', { name: 'Tidak', isDefault: true })
    .flow('mark-no-show', 'gave-up');
  return p.build();
}
