import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';

import { lintBpmn } from '../../api/src/features/processes/lint-bpmn.js';
import { deployProcesses } from '../../platform/src/product/deploy-processes.js';
import { projectRoot } from '../../platform/src/project-root.js';
import { generatedFiles } from '../../processes/authoring/generated-files.js';
import { startTestEngine, type TestEngine } from '../helpers/engine-harness.js';

const processesDir = path.join(projectRoot, 'processes');

async function bpmnFiles(): Promise<string[]> {
  return (await readdir(processesDir)).filter((name) => name.endsWith('.bpmn')).sort();
}

describe('processes/', () => {
  it('should hold exactly the files the definitions in processes/authoring generate', async () => {
    // given
    const expected = generatedFiles();
    const forms = (await readdir(path.join(processesDir, 'forms'))).map(
      (f) => `processes/forms/${f}`,
    );
    const onDisk = [...(await bpmnFiles()).map((f) => `processes/${f}`), ...forms].sort();

    // then: nothing stale, nothing missing, nothing extra (run `npm run processes:build`)
    expect(onDisk).toEqual([...expected.keys()].sort());
    for (const [relative, content] of expected) {
      expect({
        file: relative,
        same: (await readFile(path.join(projectRoot, relative), 'utf8')) === content,
      }).toEqual({
        file: relative,
        same: true,
      });
    }
  });

  it('should pass bpmnlint with the Camunda 8.5 compatibility rules, without warnings', async () => {
    for (const file of await bpmnFiles()) {
      const result = await lintBpmn(await readFile(path.join(processesDir, file), 'utf8'));
      expect({ file, ...result }).toEqual({ file, errors: [], warnings: [] });
    }
  });

  it('should name every file after its process id', async () => {
    for (const file of await bpmnFiles()) {
      const xml = await readFile(path.join(processesDir, file), 'utf8');
      const ids = [...xml.matchAll(/<bpmn:process id="([^"]+)"/g)].map((m) => m[1]);
      expect({ file, ids }).toEqual({ file, ids: [file.replace(/\.bpmn$/, '')] });
    }
  });

  it('should give every user task a form that exists and candidate groups', async () => {
    const forms = new Set(
      (await readdir(path.join(processesDir, 'forms'))).map((f) => f.replace(/\.form$/, '')),
    );
    for (const file of await bpmnFiles()) {
      const xml = await readFile(path.join(processesDir, file), 'utf8');
      for (const task of xml.matchAll(/<bpmn:userTask id="([^"]+)"[\s\S]*?<\/bpmn:userTask>/g)) {
        const formKey = /formKey="ektp:([^"]+)"/.exec(task[0])?.[1];
        const groups = /candidateGroups="([^"]+)"/.exec(task[0])?.[1];
        expect({
          task: task[1],
          form: formKey !== undefined && forms.has(formKey),
          groups: Boolean(groups),
        }).toEqual({
          task: task[1],
          form: true,
          groups: true,
        });
      }
    }
  });

  describe('on the embedded engine', () => {
    let engine: TestEngine;

    beforeAll(async () => {
      engine = await startTestEngine();
    });

    afterAll(async () => {
      await engine.stop();
    });

    it('should deploy all processes in one deployment', async () => {
      // given
      const files = await bpmnFiles();

      // when
      const deployed = (await deployProcesses(engine.client)).map((p) => p.bpmnProcessId).sort();

      // then
      expect(deployed).toEqual(files.map((f) => f.replace(/\.bpmn$/, '')).sort());
    });
  });
});
