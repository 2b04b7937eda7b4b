/** The job handlers of the discipline area (see all-handlers.ts). */
import type { JobHandler } from '../job-handler.js';

export const disciplineHandlers: Array<JobHandler<never, never, unknown>> = [];
