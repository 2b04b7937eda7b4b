/** Role-matrix cases for the audit log. */
import type { MatrixCases } from './matrix-case.js';

export const auditCases: MatrixCases = {
  listAuditLog: () => Promise.resolve({ query: { action: 'sign_in', pageSize: '10' } }),
};
