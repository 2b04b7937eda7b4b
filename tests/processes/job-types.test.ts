import { readFile } from 'node:fs/promises';

import { processFiles } from '../../platform/src/product/deploy-processes.js';
import { allHandlers } from '../../workers/src/handlers/all-handlers.js';
import { userTaskJobType } from '../../workers/src/user-tasks/store-user-task.js';

async function jobTypesInProcesses(): Promise<Map<string, string[]>> {
  const used = new Map<string, string[]>();
  for (const file of await processFiles()) {
    const xml = await readFile(file, 'utf8');
    for (const match of xml.matchAll(/<zeebe:taskDefinition type="([^"]+)"/g)) {
      const type = match[1]!;
      used.set(type, [...(used.get(type) ?? []), file.split('/').pop()!]);
    }
  }
  return used;
}

describe('job types', () => {
  it('should have a handler for every job type a process uses', async () => {
    const handled = new Set(allHandlers.map((h) => h.type));
    const missing = [...(await jobTypesInProcesses())].filter(([type]) => !handled.has(type));
    expect(missing).toEqual([]);
  });

  it('should use every handler in some process', async () => {
    const used = await jobTypesInProcesses();
    const unused = allHandlers.map((h) => h.type).filter((type) => !used.has(type));
    expect(unused).toEqual([]);
  });

  it('should have exactly one handler per job type', () => {
    const types = allHandlers.map((h) => h.type);
    expect(types.filter((type, index) => types.indexOf(type) !== index)).toEqual([]);
    expect(types).not.toContain(userTaskJobType);
  });
});
