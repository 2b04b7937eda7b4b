import { form } from '../form-builder.js';
import { ProcessBuilder } from '../process-builder.js';
import { slaUserTask } from '../sla-step.js';

const examineForm = form('periksa-pegawai', 'Panggil dan periksa pegawai', [
  {
    type: 'text',
    text: '**{{staffName}}**: {{violationText}}. Panggil secara tertulis dan periksa (BAP) sesuai PP 94/2021.',
  },
  { type: 'checkbox', key: 'examined', label: 'Pemeriksaan sudah dilakukan dan BAP dibuat' },
  {
    type: 'radio',
    key: 'proposedLevel',
    label: 'Usulan tingkat hukuman',
    options: [
      { label: 'Tidak terbukti', value: 'NONE' },
      { label: 'Ringan', value: 'RINGAN' },
      { label: 'Sedang', value: 'SEDANG' },
      { label: 'Berat', value: 'BERAT' },
    ],
  },
  {
    type: 'textarea',
    key: 'note',
    label: 'Ringkasan pemeriksaan',
    maxLength: 2000,
    required: true,
  },
]);

const decideForm = form('putuskan-disiplin', 'Putuskan hukuman disiplin', [
  { type: 'text', text: '**{{staffName}}** — usulan: {{proposedLevel}}. {{violationText}}.' },
  {
    type: 'select',
    key: 'sanction',
    label: 'Hukuman',
    options: [
      { label: 'Tidak dijatuhi hukuman', value: 'NONE' },
      { label: 'Teguran lisan', value: 'TEGURAN_LISAN' },
      { label: 'Teguran tertulis', value: 'TEGURAN_TERTULIS' },
      { label: 'Pernyataan tidak puas secara tertulis', value: 'PERNYATAAN_TIDAK_PUAS' },
      { label: 'SP1 (pegawai non-ASN)', value: 'SP1' },
      { label: 'SP2 (pegawai non-ASN)', value: 'SP2' },
      { label: 'SP3 (pegawai non-ASN)', value: 'SP3' },
    ],
  },
  { type: 'textfield', key: 'decisionNo', label: 'Nomor keputusan', maxLength: 64, required: true },
]);

/**
 * P9 discipline: an attendance rule crossing (PP 94/2021) or an escalation opens a case for the
 * staff member's direct superior, who must summon and examine within 7 working days (else the
 * Camat is alerted); the authorised official then decides and the decision number is recorded.
 */
export function staffDiscipline() {
  const p = new ProcessBuilder({
    id: 'staff-discipline',
    name: 'Penegakan disiplin pegawai',
    documentation:
      'Atasan langsung memanggil dan memeriksa pegawai dalam 7 hari kerja, pejabat berwenang memutuskan hukuman, nomor keputusan dicatat.',
    lanes: [
      { id: 'atasan', name: 'Atasan langsung', rows: 2 },
      { id: 'pejabat', name: 'Pejabat berwenang menghukum' },
      { id: 'sistem', name: 'Sistem kepegawaian' },
    ],
  });
  p.start('opened', 'Kasus disiplin dibuka', { lane: 'atasan', col: 0 });
  slaUserTask(p, {
    id: 'examine',
    name: 'Panggil dan periksa pegawai',
    place: { lane: 'atasan', col: 1 },
    policy: 'DISCIPLINE_EXAMINE',
    variable: 'examineSla',
    groups: '=[superiorRole]',
    form: examineForm,
  });
  p.service(
    'record-examination',
    'Catat pemeriksaan',
    { lane: 'sistem', col: 3 },
    {
      type: 'ektp.discipline.record-examination',
    },
  )
    .gateway('proven', 'Terbukti?', { lane: 'sistem', col: 4 })
    .userTask(
      'decide',
      'Putuskan hukuman disiplin',
      { lane: 'pejabat', col: 5 },
      {
        groups: '=[decisionRole]',
        form: decideForm,
      },
    )
    .gateway('closing', 'Tutup', { lane: 'sistem', col: 6 })
    .service(
      'record-decision',
      'Catat keputusan dan beri tahu pegawai',
      { lane: 'sistem', col: 7 },
      {
        type: 'ektp.discipline.record-decision',
      },
    )
    .end('decided', 'Kasus ditutup', { lane: 'sistem', col: 8 })
    .flow('opened', 'examine-deadline')
    .chain('examine', 'record-examination', 'proven')
    .flow('proven', 'decide', { name: 'Ya', condition: '=proposedLevel != "NONE"' })
    .flow('proven', 'closing', { name: 'Tidak terbukti', isDefault: true })
    .chain('decide', 'closing', 'record-decision', 'decided');
  return p.build();
}
