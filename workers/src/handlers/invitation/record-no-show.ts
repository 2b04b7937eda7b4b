/**
 * `ektp.invitation.record-no-show`: the resident did not come after the second invitation and the
 * home visit: the letter is closed as NO_SHOW (the lifecycle then ends in that state). Already
 * NO_SHOW is a second delivery; a letter that ended otherwise is an incident.
 */
import { closeInvitationHandler } from './close-invitation.js';

export const invitationRecordNoShow = closeInvitationHandler(
  'ektp.invitation.record-no-show',
  'NO_SHOW',
  'cannot be marked as no-show',
);
