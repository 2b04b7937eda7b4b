/** The job handlers of the activation area (see all-handlers.ts): activation and correction. */
import type { JobHandler } from '../job-handler.js';
import { activateCard } from './activate-card.js';
import { classifyCorrection } from './classify-correction.js';
import { closeCorrectionCase } from './close-correction-case.js';
import { openCorrectionCase } from './open-correction-case.js';
import { updateBiodata } from './update-biodata.js';

export const activationHandlers = [
  activateCard,
  openCorrectionCase,
  classifyCorrection,
  updateBiodata,
  closeCorrectionCase,
] as unknown as Array<JobHandler<never, never, unknown>>;
