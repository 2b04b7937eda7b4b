/**
 * `ektp.invitation.record-arrival`: the resident checked in at the kecamatan: the invitation is
 * FULFILLED. Already FULFILLED is a second delivery and changes nothing; a letter that ended
 * otherwise (undeliverable, replaced by a second invitation) cannot be fulfilled: an incident.
 */
import { closeInvitationHandler } from './close-invitation.js';

export const invitationRecordArrival = closeInvitationHandler(
  'ektp.invitation.record-arrival',
  'FULFILLED',
  'cannot be fulfilled',
);
