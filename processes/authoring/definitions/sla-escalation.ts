import { form } from '../form-builder.js';
import { ProcessBuilder } from '../process-builder.js';

const handleForm = form('tindak-lanjut-eskalasi', 'Tindak lanjuti keterlambatan', [
  {
    type: 'text',
    text: 'Langkah **{{stepName}}** terlambat sejak {{breachedAt}} (tenggat {{dueAt}}). Eskalasi tingkat {{level}}.',
  },
  {
    type: 'radio',
    key: 'escalationAction',
    label: 'Tindakan',
    options: [
      { label: 'Saya tangani (akui)', value: 'ACKNOWLEDGE' },
      { label: 'Alihkan tugas ke petugas lain', value: 'REASSIGN' },
      { label: 'Kirim teguran/pengingat ke petugas', value: 'REMIND' },
      { label: 'Buka kasus disiplin', value: 'DISCIPLINE' },
    ],
  },
  {
    type: 'textfield',
    key: 'targetStaffId',
    label: 'Petugas (untuk alih tugas atau kasus disiplin)',
    maxLength: 64,
  },
  { type: 'textarea', key: 'note', label: 'Catatan', maxLength: 1000 },
]);

/**
 * Every breach runs here (DESIGN.md §5): the officer of the current level gets a task and must act
 * within 4 working hours; otherwise — or when the next level's time comes while the step is still
 * late — the escalation climbs (Kasi/Lurah → Sekcam → Camat → Kadis). It ends when the late step is
 * completed (message `ektp-step-completed`) or the top level has acted — or, unanswered, after
 * the top level was reminded three times.
 */
export function slaEscalation() {
  const p = new ProcessBuilder({
    id: 'sla-escalation',
    name: 'Eskalasi keterlambatan layanan',
    documentation:
      'Pejabat tingkat eskalasi menindaklanjuti keterlambatan dalam 4 jam kerja; bila tidak, atau langkah masih terlambat pada tingkat berikutnya, eskalasi naik sampai Camat.',
    lanes: [
      { id: 'pejabat', name: 'Pejabat tingkat eskalasi (Kasi, Lurah, Sekcam, Camat, Kadis)' },
      { id: 'sistem', name: 'Sistem kecamatan', rows: 3 },
    ],
  });
  const s = (col: number, row = 0) => ({ lane: 'sistem', col, row });
  p.message('ektp-step-completed', '=stepKey');
  p.start('breached', 'Keterlambatan tercatat', s(0))
    .gateway('at-level', 'Tingkat eskalasi', s(1, 1))
    .service('escalate', 'Teruskan ke pejabat tingkat ini', s(2), { type: 'ektp.sla.escalate' })
    .gateway('answered', 'Masih perlu ditanggapi?', s(3))
    .end('unanswered', 'Tidak ditanggapi di tingkat tertinggi', s(3, 2))
    .userTask(
      'handle',
      'Tindak lanjuti keterlambatan',
      { lane: 'pejabat', col: 4 },
      {
        groups: '=[escalationGroup]',
        due: '=ackDueAt',
        form: handleForm,
      },
    )
    .boundary('promote', 'Tidak ditindaklanjuti tepat waktu', 'handle', {
      kind: 'timer',
      timeDate: '=promoteAt',
    })
    .boundary(
      'done-meanwhile',
      'Langkah sudah selesai',
      'handle',
      { kind: 'message', message: 'ektp-step-completed' },
      { slot: 1 },
    )
    .service('resolve-now', 'Tutup eskalasi', s(5, 1), { type: 'ektp.sla.resolve' })
    .end('resolved-now', 'Eskalasi selesai', s(5, 2))
    .service('act', 'Jalankan tindakan pejabat', s(5), { type: 'ektp.sla.act' })
    .gateway('finished', 'Selesai?', s(6))
    .end('handled', 'Ditindaklanjuti', s(7))
    .gateway('wait', 'Pantau langkah', s(6, 1), 'event')
    .catchEvent('done-later', 'Langkah selesai', s(7, 1), {
      kind: 'message',
      message: 'ektp-step-completed',
    })
    .service('resolve-later', 'Tutup eskalasi', s(8, 1), { type: 'ektp.sla.resolve' })
    .end('resolved-later', 'Eskalasi selesai', s(9, 1))
    .catchEvent('next-level', 'Waktu tingkat berikutnya', s(6, 2), {
      kind: 'timer',
      timeDate: '=nextLevelAt',
    })
    .chain('breached', 'at-level', 'escalate', 'answered')
    .flow('answered', 'unanswered', {
      name: 'Tidak: sudah diingatkan berulang',
      condition: '=escalationExhausted = true',
    })
    .flow('answered', 'handle', { name: 'Ya', isDefault: true })
    .chain('handle', 'act', 'finished')
    .flow('promote', 'at-level')
    .chain('done-meanwhile', 'resolve-now', 'resolved-now')
    .flow('finished', 'handled', {
      name: 'Ya',
      condition: '=stepCompleted = true or hasNextLevel = false',
    })
    .flow('finished', 'wait', { name: 'Langkah masih terlambat', isDefault: true })
    .flow('wait', 'done-later')
    .flow('wait', 'next-level')
    .chain('done-later', 'resolve-later', 'resolved-later')
    .flow('next-level', 'at-level', { loopBelow: true });
  return p.build();
}
