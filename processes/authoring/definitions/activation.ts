import { form } from '../form-builder.js';
import { ProcessBuilder } from '../process-builder.js';

const handoverForm = form('serahkan-ktp', 'Serahkan dan aktivasi KTP-el', [
  {
    type: 'text',
    text: 'Kartu **{{cardSerial}}** untuk {{residentName}}. Periksa tanda terima atau Suket, cocokkan sidik jari di card reader, dan minta warga memeriksa data yang tercetak.',
  },
  {
    type: 'radio',
    key: 'handoverOutcome',
    label: 'Hasil penyerahan',
    options: [
      { label: 'Sidik jari cocok, data benar: kartu diserahkan dan aktif', value: 'ACTIVATED' },
      { label: 'Sidik jari tidak cocok', value: 'FINGERPRINT_MISMATCH' },
      { label: 'Data tercetak salah (nama, tempat/tanggal lahir, alamat)', value: 'DATA_WRONG' },
      { label: 'Cacat cetak (foto, chip, mutu cetak)', value: 'PRINT_DEFECT' },
    ],
  },
  {
    type: 'radio',
    key: 'recipient',
    label: 'Diterima oleh',
    options: [
      { label: 'Warga sendiri', value: 'SELF' },
      { label: 'Anggota keluarga dalam KK', value: 'KK_MEMBER' },
    ],
  },
  { type: 'textarea', key: 'note', label: 'Catatan', maxLength: 500 },
]);

const recheckForm = form('periksa-sidik-jari', 'Periksa ulang sidik jari', [
  {
    type: 'text',
    text: 'Sidik jari {{residentName}} tidak cocok dengan chip kartu **{{cardSerial}}**. Coba telunjuk yang lain; bila tetap gagal, teruskan ke Dinas.',
  },
  {
    type: 'radio',
    key: 'recheckOutcome',
    label: 'Hasil pemeriksaan ulang',
    options: [
      { label: 'Cocok dengan jari lain: aktifkan', value: 'MATCHED' },
      { label: 'Tetap tidak cocok', value: 'NOT_MATCHED' },
    ],
  },
  { type: 'textarea', key: 'note', label: 'Catatan', maxLength: 500 },
]);

/**
 * P5: the card is at the kecamatan: notify the resident, hand over with a card-reader fingerprint
 * match (= activation). Uncollected: a reminder at 10 working days, an RT visit at 20, and at 60
 * the card is reported unclaimed. Wrong printed data or a print defect opens a correction case.
 */
export function activation() {
  const p = new ProcessBuilder({
    id: 'ektp-activation',
    name: 'Penyerahan dan aktivasi KTP-el',
    documentation:
      'Warga diberi tahu, kartu diserahkan dengan pencocokan sidik jari (aktivasi); kartu yang tidak diambil diingatkan dan dilaporkan.',
    lanes: [
      { id: 'loket', name: 'Petugas loket kecamatan', rows: 4 },
      { id: 'dinas', name: 'Disdukcapil', rows: 1 },
    ],
  });
  const l = (col: number, row = 0) => ({ lane: 'loket', col, row });
  p.start('card-arrived', 'Kartu tiba di kecamatan', l(0))
    .service('notify', 'Beri tahu warga: kartu siap', l(1), {
      type: 'ektp.notify',
      headers: { template: 'CARD_READY', recipient: 'RESIDENT' },
    })
    .service('collect-deadline', 'Hitung tenggat: pengambilan kartu', l(2), {
      type: 'ektp.sla.deadline',
      headers: { policy: 'CARD_COLLECT', variable: 'collectSla' },
    })
    .userTask('handover', 'Serahkan dan aktivasi KTP-el', l(3), {
      groups: 'petugas-loket',
      due: '=collectSla.dueAt',
      form: handoverForm,
    })
    .boundary(
      'reminder-due',
      '10 hari kerja',
      'handover',
      { kind: 'timer', timeDate: '=collectSla.levels[1].at' },
      { interrupting: false },
    )
    .service('remind', 'Ingatkan warga', l(4, 1), {
      type: 'ektp.notify',
      headers: { template: 'CARD_UNCOLLECTED', recipient: 'RESIDENT', days: '10' },
    })
    .end('reminded', 'Warga diingatkan', l(5, 1))
    .boundary(
      'rt-visit-due',
      '20 hari kerja',
      'handover',
      { kind: 'timer', timeDate: '=collectSla.levels[2].at' },
      { interrupting: false, slot: 1 },
    )
    .service('ask-rt', 'Minta RT mengunjungi warga', l(4, 2), {
      type: 'ektp.notify',
      headers: { template: 'CARD_UNCOLLECTED', recipient: 'RT', days: '20' },
    })
    .end('rt-asked', 'RT diminta berkunjung', l(5, 2))
    .boundary(
      'unclaimed-due',
      '60 hari kerja',
      'handover',
      { kind: 'timer', timeDate: '=collectSla.levels[3].at' },
      { slot: 2 },
    )
    .service('unclaimed-breach', 'Laporkan kartu tidak diambil', l(4, 3), {
      type: 'ektp.sla.breach',
      headers: { policy: 'CARD_COLLECT', variable: 'collectSla', step: 'handover' },
    })
    .errorEnd('unclaimed', 'Kartu tidak diambil', l(5, 3), 'CARD_UNCLAIMED')
    .gateway('handed-over', 'Hasil penyerahan?', l(4))
    .gateway('to-activate', 'Aktifkan', l(7))
    .service('activate', 'Catat kartu aktif', l(8), { type: 'ektp.card.activate' })
    .end('active', 'KTP-el aktif', l(9))
    .userTask(
      'recheck',
      'Periksa ulang sidik jari',
      { lane: 'dinas', col: 5 },
      {
        groups: 'dinas-siak,petugas-loket',
        form: recheckForm,
      },
    )
    .gateway('rechecked', 'Cocok?', { lane: 'dinas', col: 6 })
    .errorEnd(
      'mismatch',
      'Sidik jari tidak cocok',
      { lane: 'dinas', col: 7 },
      'FINGERPRINT_MISMATCH',
    )
    .service('open-correction', 'Buka kasus perbaikan', l(6, 1), {
      type: 'ektp.correction.open-case',
      headers: { detectedBy: 'HANDOVER' },
    })
    .errorEnd('needs-correction', 'Perlu perbaikan dan cetak ulang', l(7, 1), 'CORRECTION_NEEDED')
    .chain('card-arrived', 'notify', 'collect-deadline', 'handover', 'handed-over')
    .flow('handed-over', 'to-activate', {
      name: 'Aktif',
      condition: '=handoverOutcome = "ACTIVATED"',
    })
    .flow('handed-over', 'recheck', {
      name: 'Sidik jari',
      condition: '=handoverOutcome = "FINGERPRINT_MISMATCH"',
    })
    .flow('handed-over', 'open-correction', { name: 'Perlu perbaikan', isDefault: true })
    .chain('recheck', 'rechecked')
    .flow('rechecked', 'to-activate', { name: 'Cocok', condition: '=recheckOutcome = "MATCHED"' })
    .flow('rechecked', 'mismatch', { name: 'Tidak', isDefault: true })
    .chain('to-activate', 'activate', 'active')
    .chain('reminder-due', 'remind', 'reminded')
    .chain('rt-visit-due', 'ask-rt', 'rt-asked')
    .chain('unclaimed-due', 'unclaimed-breach', 'unclaimed')
    .chain('open-correction', 'needs-correction');
  return p.build();
}
