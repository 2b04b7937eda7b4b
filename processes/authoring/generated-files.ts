/** The files processes/ must hold, by path relative to the project root. */
import { allProcesses } from './all-processes.js';
import { toFormJs } from './form-builder.js';

export function generatedFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const process of allProcesses()) {
    files.set(`processes/${process.bpmnProcessId}.bpmn`, process.xml);
    for (const form of process.forms) {
      files.set(`processes/forms/${form.id}.form`, `${JSON.stringify(toFormJs(form), null, 2)}\n`);
    }
  }
  return files;
}
