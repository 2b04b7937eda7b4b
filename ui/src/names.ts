/** Names people read instead of ids: processes, steps and kelurahan. */
import { processNames } from './generated/process-names';

/**
 * The kelurahan of Kecamatan Jelutung (Kemendagri codes, DOMAIN.md). The API has no list of
 * regions yet, so the filter offers these.
 */
export const kelurahan: ReadonlyArray<{ code: string; name: string }> = [
  { code: '15.71.08.1001', name: 'Talang Jauh' },
  { code: '15.71.08.1002', name: 'Cempaka Putih' },
  { code: '15.71.08.1003', name: 'Kebun Handil' },
  { code: '15.71.08.1004', name: 'Lebak Bandung' },
  { code: '15.71.08.1005', name: 'Payo Lebar' },
  { code: '15.71.08.1006', name: 'Jelutung' },
  { code: '15.71.08.1007', name: 'Handil Jaya' },
];

export function kelurahanName(code: string | null): string {
  if (!code) return '—';
  return kelurahan.find((k) => k.code === code)?.name ?? code;
}

export function processName(bpmnProcessId: string): string {
  return processNames[bpmnProcessId]?.name ?? bpmnProcessId;
}

/** A user task's name as modelled, or its element id when the diagram is newer than this UI. */
export function stepName(bpmnProcessId: string, step: string): string {
  return processNames[bpmnProcessId]?.steps[step] ?? step;
}

/** Every process with user tasks, for the filters. */
export function processesWithSteps(): Array<{
  id: string;
  name: string;
  steps: Array<{ id: string; name: string }>;
}> {
  return Object.entries(processNames)
    .filter(([, p]) => Object.keys(p.steps).length > 0)
    .map(([id, p]) => ({
      id,
      name: p.name,
      steps: Object.entries(p.steps).map(([stepId, name]) => ({ id: stepId, name })),
    }))
    .sort((a, b) => a.name.localeCompare(b.name, 'id'));
}

/** Roles whose work is one kelurahan's (api/src/features/auth/authorize.ts kelurahanRoles). */
const kelurahanRoles = new Set(['ketua-rt', 'staf-kelurahan', 'lurah']);

export function worksInOneKelurahan(roles: readonly string[]): boolean {
  return roles.length > 0 && roles.every((r) => kelurahanRoles.has(r));
}

/**
 * The timeline words a task event as "<element id> dibuat|selesai"; the step's modelled name reads
 * better. Ids are looked up across processes (the event does not say which one it belongs to).
 */
export function timelineText(kind: string, what: string): string {
  const event = kind === 'TASK' ? /^([\w-]+) (dibuat|selesai)$/.exec(what) : null;
  if (!event) return what;
  for (const p of Object.values(processNames)) {
    const name = p.steps[event[1]!];
    if (name) return `${name} ${event[2]}`;
  }
  return what;
}
