/** The job handlers of the activation area (see all-handlers.ts). */
import type { JobHandler } from '../job-handler.js';

export const activationHandlers: Array<JobHandler<never, never, unknown>> = [];
