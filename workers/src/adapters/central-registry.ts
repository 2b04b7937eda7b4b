/**
 * The central SIAK/ABIS at Ditjen Dukcapil as the kecamatan and the Dinas see it: the status of a
 * NIK before recording, the hand-over of a recorded enrolment to the Data Center, its progress
 * through biometric deduplication to PRINT_READY_RECORD, and biodata corrections before a reprint.
 *
 * The real system is reached over the Dinas's private line and cannot be reached from here, so the
 * product runs against `SimulatedCentralRegistry` (central-registry-simulator.ts). A real
 * implementation keeps this contract; docs/adapters.md says how to plug one in.
 *
 * Errors: business outcomes are values (`ok: false`, a failure status). A call that gets no
 * answer at all (timeout, HTTP 5xx, a reply that does not parse) rejects its promise, so the
 * worker fails the job and Zeebe retries it with back-off. Calls are safe to repeat.
 */

/** SIAK enrolment statuses (research §2.2), in lifecycle order up to PRR, then the failures. */
export const enrollmentStatuses = [
  'UNREGISTERED',
  'BIO_CAPTURED',
  'PROCESSING',
  'SENT_FOR_ENROLLMENT',
  'RECEIVED_AT_CENTRAL',
  'PRINT_READY_RECORD',
  'ENROLL_FAILURE_AT_CENTRAL',
  'ENROLL_FAILURE_AT_REGIONAL',
  'SEARCH_FAILURE_AT_CENTRAL',
  'ADJUDICATE_RECORD',
  'REQUEST_VALIDATION',
  'DUPLICATE_RECORD',
] as const;
export type EnrollmentStatus = (typeof enrollmentStatuses)[number];

/** The statuses an enrolment can be in once it has been handed to the centre. */
export const clearanceStatuses = [
  'SENT_FOR_ENROLLMENT',
  'RECEIVED_AT_CENTRAL',
  'PRINT_READY_RECORD',
  'ENROLL_FAILURE_AT_CENTRAL',
  'ENROLL_FAILURE_AT_REGIONAL',
  'ADJUDICATE_RECORD',
  'REQUEST_VALIDATION',
  'DUPLICATE_RECORD',
] as const satisfies readonly EnrollmentStatus[];
export type ClearanceStatus = (typeof clearanceStatuses)[number];

/**
 * Statuses after which this enrolment attempt will not move on by itself. PRINT_READY_RECORD means
 * the card may be printed; the others need people: re-record and resend as a new attempt
 * (enrol failures, REQUEST_VALIDATION), or have the other record deleted first (DUPLICATE_RECORD).
 * ADJUDICATE_RECORD is not final: an adjudicator at the centre decides, which takes weeks.
 */
export const finalClearanceStatuses: ReadonlySet<ClearanceStatus> = new Set([
  'PRINT_READY_RECORD',
  'ENROLL_FAILURE_AT_CENTRAL',
  'ENROLL_FAILURE_AT_REGIONAL',
  'REQUEST_VALIDATION',
  'DUPLICATE_RECORD',
]);

/** ABIS found the same biometrics under one other NIK, or under several. */
export type DuplicateKind = 'ONE_TO_ONE' | 'ONE_TO_MANY';

/** One enrolment: the NIK and which recording of it (1 for the first, +1 per re-record/resend). */
export interface EnrolmentKey {
  nik: string;
  attempt: number;
}

export type SubmitResult =
  | { ok: true; submittedAt: number }
  /** The private line or VPN to the Data Center is down: nothing was sent; try again later. */
  | { ok: false; reason: 'UNREACHABLE' };

export interface ClearanceProgress {
  status: ClearanceStatus;
  /** When the enrolment entered `status` (epoch ms); not after now, when asked after submission. */
  changedAt: number;
  /** Set when `status` is DUPLICATE_RECORD. */
  duplicateKind?: DuplicateKind;
}

/** The printed biodata fields (UU 24/2013 Pasal 64) a correction may change; dates `YYYY-MM-DD`. */
export const biodataFields = [
  'name',
  'birthPlace',
  'birthDate',
  'sex',
  'bloodType',
  'address',
  'rt',
  'rw',
  'kelurahan',
  'religion',
  'maritalStatus',
  'occupation',
  'nationality',
] as const;
export type BiodataField = (typeof biodataFields)[number];

export type BiodataUpdateResult =
  | { ok: true }
  /**
   * UNREACHABLE: the line is down, nothing changed; try again later. REJECTED: SIAK refused the
   * change as given (`detail` says why); correct the request, do not retry it as it is.
   */
  | { ok: false; reason: 'UNREACHABLE' }
  | { ok: false; reason: 'REJECTED'; detail: string };

export interface CentralRegistry {
  /**
   * The NIK's enrolment status in SIAK before the kecamatan records it. Most residents invited are
   * UNREGISTERED; a resident who recorded elsewhere (another kecamatan, before moving in) shows
   * that enrolment's status and must not be recorded again: re-recording is the usual cause of
   * DUPLICATE_RECORD (research §2.2).
   *
   * Read-only and idempotent. Meant for the check before recording: enrolments this product sends
   * are followed with `enrolmentStatus`.
   */
  lookupStatus(nik: string): Promise<{ enrollmentStatus: EnrollmentStatus }>;

  /**
   * Hands a recorded enrolment (photo, signature, ten fingerprints, iris) to the Data Center; its
   * status becomes SENT_FOR_ENROLLMENT at `submittedAt`.
   *
   * Idempotent on `nik` + `attempt`: the centre keeps the first accepted submission, and a repeat
   * answers with the same `submittedAt`. UNREACHABLE sends nothing and is not an answer about the
   * enrolment, so the caller retries later with the same key (outages last minutes to hours:
   * research §4 reports 2 h 10 min in Jepara and a whole day in Depok).
   *
   * @param capturedAt when the biometrics were captured at the station (epoch ms).
   */
  submitEnrolment(enrolment: EnrolmentKey & { capturedAt: number }): Promise<SubmitResult>;

  /**
   * Where a submitted enrolment stands now, and since when. Clearance moves forward in time only:
   * SENT_FOR_ENROLLMENT → RECEIVED_AT_CENTRAL → PRINT_READY_RECORD, or on to one of the failures
   * (ENROLL_FAILURE_AT_REGIONAL straight after SENT_FOR_ENROLLMENT); ADJUDICATE_RECORD resolves
   * later. It takes days, not minutes (field reports: 1, 3, 7, 20 days or more), so the caller
   * polls on a timer, once or twice a working day.
   *
   * Read-only and idempotent: the answer depends only on the enrolment and on when it is asked.
   *
   * @param submittedAt the `submittedAt` that `submitEnrolment` answered.
   */
  enrolmentStatus(enrolment: EnrolmentKey & { submittedAt: number }): Promise<ClearanceProgress>;

  /**
   * Corrects biodata in SIAK after a card came out with wrong data, before the reprint (the
   * supporting documents are checked by staff first). Only the fields given change.
   *
   * Idempotent: the same fields applied twice leave the same record and both answer ok.
   */
  updateBiodata(update: {
    nik: string;
    fields: Partial<Record<BiodataField, string>>;
  }): Promise<BiodataUpdateResult>;
}
