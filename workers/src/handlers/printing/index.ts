/** The job handlers of the printing area (see all-handlers.ts): blanko stock, Suket, print, ship. */
import type { JobHandler } from '../job-handler.js';
import { checkCover } from './check-cover.js';
import { issueSuket } from './issue-suket.js';
import { printCard } from './print-card.js';
import { receiveDeliveries } from './receive-deliveries.js';
import { recordDefect } from './record-defect.js';
import { recordRequest } from './record-request.js';
import { releaseWaiting } from './release-waiting.js';
import { reserveBlanko } from './reserve-blanko.js';
import { shipCard } from './ship-card.js';

export const printingHandlers = [
  reserveBlanko,
  issueSuket,
  printCard,
  recordDefect,
  shipCard,
  receiveDeliveries,
  releaseWaiting,
  checkCover,
  recordRequest,
] as unknown as Array<JobHandler<never, never, unknown>>;
