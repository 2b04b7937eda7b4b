/** The job handlers of the recording area (see all-handlers.ts). */
import type { JobHandler } from '../job-handler.js';

export const recordingHandlers: Array<JobHandler<never, never, unknown>> = [];
