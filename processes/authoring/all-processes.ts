/** Every process of processes/, in the order a reader meets them (DESIGN.md §4). */
import { activation } from './definitions/activation.js';
import { blankoStock } from './definitions/blanko-stock.js';
import { centralClearance } from './definitions/central-clearance.js';
import { correction } from './definitions/correction.js';
import { eligibilityScan } from './definitions/eligibility-scan.js';
import { invitationBatch } from './definitions/invitation-batch.js';
import { invitation } from './definitions/invitation.js';
import { lifecycle } from './definitions/lifecycle.js';
import { printing } from './definitions/printing.js';
import { recording } from './definitions/recording.js';
import { slaEscalation } from './definitions/sla-escalation.js';
import { staffAttendance } from './definitions/staff-attendance.js';
import { staffDiscipline } from './definitions/staff-discipline.js';
import type { ProcessDocument } from './process-builder.js';

export function allProcesses(): ProcessDocument[] {
  return [
    eligibilityScan(),
    invitationBatch(),
    lifecycle(),
    invitation(),
    recording(),
    centralClearance(),
    printing(),
    activation(),
    correction(),
    slaEscalation(),
    staffDiscipline(),
    staffAttendance(),
    blankoStock(),
  ];
}
