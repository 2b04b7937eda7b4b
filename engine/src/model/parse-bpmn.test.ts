import { bpmn, flow, serviceTask } from '../testing/bpmn.js';
import { InvalidResourceError, parseBpmn } from './parse-bpmn.js';

async function problemsOf(xml: string): Promise<readonly string[]> {
  try {
    await parseBpmn('test.bpmn', xml);
  } catch (error) {
    if (error instanceof InvalidResourceError) return error.problems;
    throw error;
  }
  return [];
}

describe('model - parseBpmn', () => {
  it('should read tasks, flows, mappings and headers into the model', async () => {
    // given
    const xml = bpmn(
      'order',
      `<bpmn:startEvent id="start" />
       ${serviceTask('check', '= &quot;check-&quot; + kind', `<zeebe:taskHeaders><zeebe:header key="unit" value="kelurahan" /></zeebe:taskHeaders><zeebe:ioMapping><zeebe:input source="=nik" target="resident.nik" /><zeebe:output source="=ok" target="valid" /></zeebe:ioMapping>`)}
       <bpmn:endEvent id="end" />
       ${flow('f1', 'start', 'check')}
       ${flow('f2', 'check', 'end')}`,
    );

    // when
    const { processes } = await parseBpmn('order.bpmn', xml);

    // then
    const model = processes[0];
    expect(model?.bpmnProcessId).toBe('order');
    expect(model?.startEventId).toBe('start');
    expect(model?.elements.get('check')).toMatchObject({
      kind: 'jobTask',
      bpmnType: 'SERVICE_TASK',
      incoming: ['f1'],
      outgoing: ['f2'],
      job: {
        type: { kind: 'feel', source: '"check-" + kind' },
        retries: { kind: 'static', text: '3' },
        headers: { unit: 'kelurahan' },
      },
      inputs: [{ source: { kind: 'feel', source: 'nik' }, target: 'resident.nik' }],
      outputs: [{ source: { kind: 'feel', source: 'ok' }, target: 'valid' }],
    });
  });

  it('should name every offending element and the reason, all at once', async () => {
    // given
    const xml = bpmn(
      'broken',
      `<bpmn:startEvent id="start" />
       <bpmn:serviceTask id="noDefinition" />
       <bpmn:exclusiveGateway id="choose" />
       ${serviceTask('reservedHeader', 'x', '<zeebe:taskHeaders><zeebe:header key="io.camunda.zeebe:assignee" value="a" /></zeebe:taskHeaders>')}
       <bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition /></bpmn:intermediateCatchEvent>
       <bpmn:complexGateway id="complex" />
       ${flow('f1', 'start', 'choose')}
       ${flow('f2', 'choose', 'noDefinition', '= a &gt;')}`,
    );

    // when
    const problems = await problemsOf(xml);

    // then
    expect(problems).toEqual(
      [
        "Element 'noDefinition': must have one extension element of type zeebe:taskDefinition",
        "Element 'reservedHeader': the task header 'io.camunda.zeebe:assignee' is reserved (prefix 'io.camunda.zeebe:')",
        "Element 'wait': a timer must have exactly one of timeDuration, timeDate or timeCycle",
        "Element 'complex': the element type bpmn:ComplexGateway is not supported by the embedded engine yet",
        "Sequence flow 'f2': the condition is invalid FEEL at position 3: 'a >'",
      ].sort((a, b) => (a.startsWith('Sequence') ? -1 : b.startsWith('Sequence') ? 1 : 0)),
    );
  });

  it('should refuse what is not BPMN at all', async () => {
    expect(await problemsOf('<not-xml')).toEqual([
      expect.stringMatching(/^not a valid BPMN XML document/),
    ]);
    expect(
      await problemsOf(
        '<?xml version="1.0"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" />',
      ),
    ).toEqual(['must contain at least one executable process']);
  });

  it('should refuse a process without a start event', async () => {
    expect(await problemsOf(bpmn('nostart', '<bpmn:endEvent id="end" />'))).toEqual([
      "Process 'nostart': must have at least one start event",
    ]);
  });
});
