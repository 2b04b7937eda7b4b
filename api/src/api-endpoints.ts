/**
 * Every endpoint of the API under /api, in one list: the router, the OpenAPI document and the role
 * matrix test all read it, so an endpoint cannot exist without its contract and its role test.
 */
import type { Zeebe } from '@camunda8/sdk';
import type pg from 'pg';

import type { Clock } from '../../platform/src/clock.js';
import { contractEndpoints } from './features/contract/contract-endpoints.js';
import { serviceLevelAdminEndpoints } from './features/admin/service-levels-endpoints.js';
import { staffAdminEndpoints } from './features/admin/staff-endpoints.js';
import { eligibilityScanEndpoints } from './features/operations/eligibility-scan-endpoints.js';
import { referenceEndpoints } from './features/reference/reference-endpoints.js';
import { authEndpoints } from './features/auth/auth-endpoints.js';
import { publicStatusEndpoints } from './features/public/status-endpoints.js';
import { residentEndpoints } from './features/residents/residents-endpoints.js';
import { breachEndpoints } from './features/supervision/breaches-endpoints.js';
import { tasksEndpoints } from './features/tasks/tasks-endpoints.js';
import { auditEndpoints } from './features/audit/audit-endpoints.js';
import { attendanceEndpoints } from './features/operations/attendance-endpoints.js';
import { blankoEndpoints } from './features/operations/blanko-endpoints.js';
import { stationEndpoints } from './features/operations/stations-endpoints.js';
import { escalationActionEndpoints } from './features/supervision/escalation-actions.js';
import { escalationEndpoints } from './features/supervision/escalations.js';
import { figureEndpoints } from './features/supervision/supervision-figures.js';
import { processEndpoints } from './features/processes/process-endpoints.js';
import type { ProcessMonitor } from './features/processes/process-monitor.js';
import type { Endpoint } from './http/endpoint.js';

export interface ApiData {
  pool: pg.Pool;
  clock: Clock;
  /** The engine's gateway: completing tasks, deploying, resolving incidents. */
  zeebe?: Zeebe.ZeebeGrpcClient;
  /** Reads deployed processes and instances (the engine's monitoring REST API); absent on Zeebe 8.5. */
  monitor?: ProcessMonitor;
}

export function apiEndpoints(deps: ApiData): Endpoint[] {
  const endpoints: Endpoint[] = [
    ...authEndpoints(deps),
    ...tasksEndpoints(deps),
    ...residentEndpoints(deps),
    ...publicStatusEndpoints(deps),
    ...breachEndpoints(deps),
    ...escalationEndpoints(deps),
    ...escalationActionEndpoints(deps),
    ...figureEndpoints(deps),
    ...blankoEndpoints(deps),
    ...stationEndpoints(deps),
    ...attendanceEndpoints(deps),
    ...auditEndpoints(deps),
    ...processEndpoints(deps),
    ...staffAdminEndpoints(deps),
    ...serviceLevelAdminEndpoints(deps),
    ...referenceEndpoints(deps),
    ...eligibilityScanEndpoints(deps),
  ];
  // The contract describes every endpoint, itself included.
  endpoints.push(...contractEndpoints(() => endpoints));
  return endpoints;
}
