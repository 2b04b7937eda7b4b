/** The job handlers of the recording area (see all-handlers.ts). */
import type { JobHandler } from '../job-handler.js';
import { stationCloseOutage } from './close-outage.js';
import { recordingIssueTicket } from './issue-ticket.js';
import { siakLookupStatus } from './lookup-status.js';
import { stationReportOutage } from './report-outage.js';
import { recordingSaveBiometrics } from './save-biometrics.js';
import { siakSubmitEnrolment } from './submit-enrolment.js';

export const recordingHandlers: Array<JobHandler<never, never, unknown>> = [
  // the counter and the SIAK check
  recordingIssueTicket,
  siakLookupStatus,
  // the station and its outages
  stationReportOutage,
  stationCloseOutage,
  // the recording and its hand-over to the centre
  recordingSaveBiometrics,
  siakSubmitEnrolment,
] as unknown as Array<JobHandler<never, never, unknown>>;
