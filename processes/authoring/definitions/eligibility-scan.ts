import { ProcessBuilder } from '../process-builder.js';

/**
 * P0: once a month (and on demand) find the residents who must hold a card — turning 17 within
 * 60 days, married under 17, or 17+ and still unrecorded — group them per kelurahan and invite
 * each group through `ektp-invitation-batch`.
 */
export function eligibilityScan() {
  const p = new ProcessBuilder({
    id: 'ektp-eligibility-scan',
    name: 'Pendataan wajib KTP-el',
    documentation:
      'Setiap awal bulan: warga yang genap 17 tahun dalam 60 hari, sudah/pernah kawin di bawah 17 tahun, atau 17+ dan belum merekam, dikelompokkan per kelurahan lalu diundang.',
    lanes: [
      { id: 'sistem', name: 'Sistem kecamatan' },
      { id: 'undangan', name: 'Camat dan kelurahan' },
    ],
  });
  const sys = (col: number, row = 0) => ({ lane: 'sistem', col, row });
  p.start('monthly', 'Awal bulan', sys(0), { kind: 'timer', timeCycle: '0 0 1 1 * *' })
    .start('on-demand', 'Pendataan diminta', { lane: 'undangan', col: 0 })
    .gateway('any-start', 'Mulai pendataan', sys(1))
    .service('find', 'Cari calon wajib KTP per kelurahan', sys(2), {
      type: 'ektp.eligibility.find-batches',
    })
    .gateway('found', 'Ada calon?', sys(3))
    .end('nothing', 'Tidak ada calon baru', sys(4))
    .call(
      'invite',
      'Undang per kelurahan',
      { lane: 'undangan', col: 4 },
      {
        processId: 'ektp-invitation-batch',
        multiInstance: { inputCollection: '=batches', inputElement: 'batch' },
        inputs: { batchId: '=batch.batchId', kelurahanCode: '=batch.kelurahanCode' },
      },
    )
    .end('invited', 'Undangan bulan ini selesai', { lane: 'undangan', col: 5 })
    .chain('monthly', 'any-start')
    .flow('on-demand', 'any-start')
    .chain('any-start', 'find', 'found')
    .flow('found', 'nothing', { name: 'Tidak ada', condition: '=count(batches) = 0' })
    .flow('found', 'invite', { name: 'Ada', isDefault: true })
    .flow('invite', 'invited');
  return p.build();
}
