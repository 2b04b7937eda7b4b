import { form } from '../form-builder.js';
import { ProcessBuilder } from '../process-builder.js';

const requestForm = form('ajukan-blanko', 'Ajukan permintaan blanko', [
  {
    type: 'text',
    text: 'Stok blanko tinggal **{{blankoOnHand}}** keping, cukup untuk sekitar {{daysOfCover}} hari. Ajukan permintaan ke Provinsi/Ditjen.',
  },
  { type: 'number', key: 'requestedQuantity', label: 'Jumlah diminta', min: 1 },
  {
    type: 'textfield',
    key: 'requestLetterNo',
    label: 'Nomor surat permintaan',
    maxLength: 64,
    required: true,
  },
]);

/**
 * Every morning the Dinas books blanko deliveries that arrived, reserves them for the print jobs
 * waiting longest (each gets `ektp-blanko-reserved`), and asks the warehouse to request more when
 * the stock covers less than two weeks of use.
 */
export function blankoStock() {
  const p = new ProcessBuilder({
    id: 'ektp-blanko-stock',
    name: 'Stok blanko KTP-el',
    documentation:
      'Setiap pagi: catat kiriman blanko, lepaskan antrean cetak yang menunggu, dan ajukan permintaan bila stok kurang dari dua minggu.',
    lanes: [
      { id: 'sistem', name: 'Sistem Disdukcapil' },
      { id: 'gudang', name: 'Gudang blanko Disdukcapil' },
    ],
  });
  const s = (col: number, row = 0) => ({ lane: 'sistem', col, row });
  p.start('daily', 'Setiap pagi', s(0), { kind: 'timer', timeCycle: '0 0 1 * * *' })
    .start('on-demand', 'Pemeriksaan diminta', { lane: 'gudang', col: 0 })
    .gateway('any-start', 'Mulai', s(1))
    .service('receive', 'Catat kiriman blanko yang tiba', s(2), {
      type: 'ektp.stock.receive-deliveries',
    })
    .service('release', 'Lepaskan antrean cetak', s(3), { type: 'ektp.stock.release-waiting' })
    .service('cover', 'Hitung hari persediaan', s(4), { type: 'ektp.stock.check-cover' })
    .gateway('low', 'Kurang dari 2 minggu?', s(5))
    .end('enough', 'Stok cukup', s(6))
    .userTask(
      'request',
      'Ajukan permintaan blanko',
      { lane: 'gudang', col: 6 },
      {
        groups: 'dinas-gudang',
        form: requestForm,
      },
    )
    .service(
      'record-request',
      'Catat permintaan',
      { lane: 'gudang', col: 7 },
      { type: 'ektp.stock.record-request' },
    )
    .end('requested', 'Permintaan diajukan', { lane: 'gudang', col: 8 })
    .flow('daily', 'any-start')
    .flow('on-demand', 'any-start')
    .chain('any-start', 'receive', 'release', 'cover', 'low')
    .flow('low', 'request', { name: 'Ya', condition: '=daysOfCover < 14' })
    .flow('low', 'enough', { name: 'Tidak', isDefault: true })
    .chain('request', 'record-request', 'requested');
  return p.build();
}
