/** The job handlers of the discipline area (see all-handlers.ts): attendance rules and cases. */
import type { JobHandler } from '../job-handler.js';
import { evaluateAttendanceHandler } from './evaluate-attendance.js';
import { recordDecision } from './record-decision.js';
import { recordExamination } from './record-examination.js';

export const disciplineHandlers = [
  evaluateAttendanceHandler,
  recordExamination,
  recordDecision,
] as unknown as Array<JobHandler<never, never, unknown>>;
