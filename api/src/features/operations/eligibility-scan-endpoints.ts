/**
 * Running the eligibility scan now (POST /api/operations/eligibility-scan) instead of waiting for
 * the monthly timer: the kecamatan starts `ektp-eligibility-scan`, which finds who must hold a card
 * and prepares the invitation batches. Batches are one per kelurahan and month, so a second run in
 * the same month adds only residents found since.
 */
import { z } from 'zod';

import type { ApiData } from '../../api-endpoints.js';
import { ApiError } from '../../errors/api-error.js';
import { endpoint, type Endpoint } from '../../http/endpoint.js';
import { writeAudit } from '../audit/write-audit.js';

export function eligibilityScanEndpoints(deps: ApiData): Endpoint[] {
  return [
    endpoint({
      operationId: 'startEligibilityScan',
      method: 'post',
      path: '/operations/eligibility-scan',
      tag: 'Operations',
      summary: 'Run the eligibility scan now (it also runs monthly on its own)',
      access: ['kasi', 'sekcam', 'camat', 'admin'],
      response: z.object({ processInstanceKey: z.string() }),
      successStatus: 202,
      errors: [503],
      handler: async ({ user, res }) => {
        if (!deps.zeebe)
          throw new ApiError(503, 'engine_unavailable', 'The process engine is not connected.');
        const started = await deps.zeebe.createProcessInstance({
          bpmnProcessId: 'ektp-eligibility-scan',
          variables: { requestedBy: user.id },
        });
        await writeAudit(deps.pool, {
          at: deps.clock.now(),
          actor: user.id,
          action: 'create',
          subjectType: 'eligibility_scan',
          subjectId: started.processInstanceKey,
          requestId: String(res.locals.requestId),
        });
        return { processInstanceKey: started.processInstanceKey };
      },
    }),
  ];
}
