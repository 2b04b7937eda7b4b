/** Reference data every signed-in page needs: the kelurahan of the kecamatan, by code and name. */
import { z } from 'zod';

import type { ApiData } from '../../api-endpoints.js';
import { endpoint, type Endpoint } from '../../http/endpoint.js';
import { roles } from '../auth/authorize.js';

const kelurahan = z.object({ code: z.string(), name: z.string(), kecamatanCode: z.string() });

export function referenceEndpoints(deps: ApiData): Endpoint[] {
  return [
    endpoint({
      operationId: 'listKelurahan',
      method: 'get',
      path: '/reference/kelurahan',
      tag: 'Reference',
      summary: 'The kelurahan served, with their Kemendagri codes',
      access: roles,
      response: z.object({ items: z.array(kelurahan) }),
      handler: async () => {
        const { rows } = await deps.pool.query<z.infer<typeof kelurahan>>(
          `select code, name, parent_code as "kecamatanCode" from app.regions
            where level = 'KELURAHAN' order by code`,
        );
        return { items: rows };
      },
    }),
  ];
}
