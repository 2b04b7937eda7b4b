import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { lintBpmn } from './lint-bpmn.js';

const fixture = (name: string) =>
  readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', name), 'utf8');

describe('processes - lintBpmn', () => {
  it('should pass a complete Zeebe 8.5 process, also when linted again', async () => {
    expect(await lintBpmn(fixture('valid-8-5.bpmn'))).toEqual({ errors: [], warnings: [] });
    expect(await lintBpmn(fixture('valid-8-5.bpmn'))).toEqual({ errors: [], warnings: [] });
  });

  it('should name each element that would not run on Zeebe 8.5, and why', async () => {
    const { errors } = await lintBpmn(fixture('invalid-8-5.bpmn'));
    expect(errors).toEqual([
      {
        rule: 'camunda-compat/implementation',
        elementId: 'periksa',
        message:
          'Element of type <bpmn:ServiceTask> must have one extension element of type <zeebe:TaskDefinition>',
      },
      {
        rule: 'camunda-compat/signal-reference',
        elementId: 'selesai',
        message: 'Element of type <bpmn:SignalEventDefinition> must have property <signalRef>',
      },
    ]);
  });

  it('should report a document that is not BPMN as one error', async () => {
    const { errors } = await lintBpmn('<bpmn:definitions');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.rule).toBe('xml');
  });
});
