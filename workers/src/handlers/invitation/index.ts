/** The job handlers of the invitation area (see all-handlers.ts). */
import type { JobHandler } from '../job-handler.js';

export const invitationHandlers: Array<JobHandler<never, never, unknown>> = [];
