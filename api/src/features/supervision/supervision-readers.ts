/**
 * Who reads supervision figures and escalations: the chain of command (Kasi, Sekcam, Camat), the
 * Lurah for their kelurahan, the Kadis for the Dinas's steps, the administrator and the auditor —
 * the readers of the breach list.
 */
export { supervisors as supervisionReaders } from './breaches-endpoints.js';
