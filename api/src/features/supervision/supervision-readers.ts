/**
 * Who reads supervision figures and escalations: the chain of command (Kasi, Sekcam, Camat), the
 * Lurah for their kelurahan, the Kadis for the Dinas's steps, the administrator and the auditor.
 * The same roles as the breach list (breaches-endpoints.ts).
 */
import type { Role } from '../auth/authorize.js';

export const supervisionReaders: Role[] = [
  'kasi',
  'sekcam',
  'camat',
  'lurah',
  'kadis',
  'admin',
  'auditor',
];
