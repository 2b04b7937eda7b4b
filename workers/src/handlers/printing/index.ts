/** The job handlers of the printing area (see all-handlers.ts). */
import type { JobHandler } from '../job-handler.js';

export const printingHandlers: Array<JobHandler<never, never, unknown>> = [];
