/**
 * Every job handler of the product, one per job type used in processes/ (a test checks both ways).
 * Grouped by the process area that owns them.
 */
import { activationHandlers } from './activation/index.js';
import { clearanceHandlers } from './clearance/index.js';
import { disciplineHandlers } from './discipline/index.js';
import { invitationHandlers } from './invitation/index.js';
import { printingHandlers } from './printing/index.js';
import { recordingHandlers } from './recording/index.js';
import type { JobHandler } from './job-handler.js';
import { lifecycleClose } from './lifecycle/close.js';
import { lifecycleOpen } from './lifecycle/open.js';
import { lifecycleRequestRerecord } from './lifecycle/request-rerecord.js';
import { notify } from './notify/notify.js';
import { slaAct } from './sla/act.js';
import { slaBreach } from './sla/breach.js';
import { slaDeadline } from './sla/deadline.js';
import { slaEscalate } from './sla/escalate.js';
import { slaResolve } from './sla/resolve.js';

// The handlers' own variable types differ; the runner only needs the common shape.
type AnyHandler = JobHandler<never, never, unknown>;

export const allHandlers: AnyHandler[] = [
  // service levels and escalation
  slaDeadline,
  slaBreach,
  slaEscalate,
  slaAct,
  slaResolve,
  // the lifecycle itself
  lifecycleOpen,
  lifecycleClose,
  lifecycleRequestRerecord,
  // messages to residents and the RT
  notify,
] as unknown as AnyHandler[];

allHandlers.push(
  ...invitationHandlers,
  ...recordingHandlers,
  ...clearanceHandlers,
  ...printingHandlers,
  ...activationHandlers,
  ...disciplineHandlers,
);
