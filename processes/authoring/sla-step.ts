/**
 * The shape every human step with a service level takes (DESIGN.md §5):
 *
 *   [Hitung tenggat] → [user task] ─────────────→ …
 *                          ⏱ (non-interrupting, at the breach time)
 *                          └→ [Catat keterlambatan] → (end)
 *
 * `ektp.sla.deadline` computes the due date and escalation times from the SLA policy and the work
 * calendar into one variable (`<variable>.dueAt`, `.breachAt`, `.levels`), so the diagram holds no
 * durations. When the step is late, `ektp.sla.breach` records the breach and starts an
 * `sla-escalation` instance, which climbs the escalation levels; the step itself goes on.
 */
import type { FormDefinition } from './form-builder.js';
import type { Place, ProcessBuilder } from './process-builder.js';

export interface SlaStep {
  /** The user task's id; the deadline task is `<id>-deadline`. */
  id: string;
  name: string;
  /** Where the deadline task goes; the user task is one column right, the breach path a row below. */
  place: Place;
  policy: string;
  /** The process variable holding the computed deadline. */
  variable: string;
  groups: string;
  form: FormDefinition;
  /** FEEL expression for the moment the service level starts counting (default: now). */
  from?: string;
  inputs?: Record<string, string>;
  outputs?: Record<string, string>;
}

export function slaUserTask(p: ProcessBuilder, step: SlaStep): ProcessBuilder {
  const { lane, col } = step.place;
  const row = step.place.row ?? 0;
  p.service(`${step.id}-deadline`, `Hitung tenggat: ${step.name}`, step.place, {
    type: 'ektp.sla.deadline',
    headers: { policy: step.policy, variable: step.variable },
    ...(step.from ? { inputs: { slaFrom: step.from } } : {}),
  });
  p.userTask(
    step.id,
    step.name,
    { lane, col: col + 1, row },
    {
      groups: step.groups,
      due: `=${step.variable}.dueAt`,
      form: step.form,
      ...(step.inputs ? { inputs: step.inputs } : {}),
      ...(step.outputs ? { outputs: step.outputs } : {}),
    },
  );
  p.flow(`${step.id}-deadline`, step.id);
  p.boundary(
    `${step.id}-late`,
    'Melewati tenggat',
    step.id,
    { kind: 'timer', timeDate: `=${step.variable}.breachAt` },
    { interrupting: false },
  );
  p.service(
    `${step.id}-breach`,
    'Catat keterlambatan dan eskalasi',
    { lane, col: col + 2, row: row + 1 },
    {
      type: 'ektp.sla.breach',
      headers: { policy: step.policy, variable: step.variable, step: step.id },
    },
  );
  p.end(`${step.id}-escalated`, 'Diteruskan ke atasan', { lane, col: col + 3, row: row + 1 });
  p.chain(`${step.id}-late`, `${step.id}-breach`, `${step.id}-escalated`);
  return p;
}
