/** The job handlers of the clearance area (see all-handlers.ts): SIAK status, duplicate records. */
import type { JobHandler } from '../job-handler.js';
import { openDuplicateCase } from './open-duplicate-case.js';
import { pollStatus } from './poll-status.js';
import { recordDuplicateResolution } from './record-duplicate-resolution.js';

export const clearanceHandlers = [
  pollStatus,
  openDuplicateCase,
  recordDuplicateResolution,
] as unknown as Array<JobHandler<never, never, unknown>>;
