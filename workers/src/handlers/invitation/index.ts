/** The job handlers of the invitation area (see all-handlers.ts). */
import type { JobHandler } from '../job-handler.js';
import { invitationBookSlot } from './book-slot.js';
import { eligibilityFindBatches } from './find-batches.js';
import { invitationIssue } from './issue.js';
import { invitationPrepareBatch } from './prepare-batch.js';
import { invitationRecordArrival } from './record-arrival.js';
import { invitationRecordBatchStep } from './record-batch-step.js';
import { invitationRecordDelivery } from './record-delivery.js';
import { invitationRecordNoShow } from './record-no-show.js';
import { invitationReissue } from './reissue.js';
import { invitationReleaseBatch } from './release-batch.js';

export const invitationHandlers: Array<JobHandler<never, never, unknown>> = [
  // the monthly scan and the batch the Camat signs
  eligibilityFindBatches,
  invitationPrepareBatch,
  invitationRecordBatchStep,
  invitationReleaseBatch,
  // one resident's letter, slot and attendance
  invitationIssue,
  invitationRecordDelivery,
  invitationBookSlot,
  invitationRecordArrival,
  invitationReissue,
  invitationRecordNoShow,
] as unknown as Array<JobHandler<never, never, unknown>>;
