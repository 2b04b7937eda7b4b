/**
 * Writes processes/<bpmnProcessId>.bpmn and processes/forms/<form id>.form from the definitions in
 * processes/authoring/definitions. `--check` writes nothing and fails when a file is out of date
 * (the test suite runs the same comparison).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { projectRoot } from '../../platform/src/project-root.js';
import { generatedFiles } from './generated-files.js';

const check = process.argv.includes('--check');
const stale: string[] = [];
for (const [relative, content] of generatedFiles()) {
  const file = path.join(projectRoot, relative);
  const current = await readFile(file, 'utf8').catch(() => undefined);
  if (current === content) continue;
  stale.push(relative);
  if (!check) {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
  }
}
if (check && stale.length > 0) {
  console.error(`out of date (run npm run processes:build): ${stale.join(', ')}`);
  process.exitCode = 1;
} else {
  console.log(check ? 'processes are up to date' : `wrote ${stale.length} file(s)`);
}
