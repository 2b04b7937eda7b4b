/** The job handlers of the clearance area (see all-handlers.ts). */
import type { JobHandler } from '../job-handler.js';

export const clearanceHandlers: Array<JobHandler<never, never, unknown>> = [];
