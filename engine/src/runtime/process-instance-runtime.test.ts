import { parseBpmn } from '../model/parse-bpmn.js';
import type { ProcessModel } from '../model/process-model.js';
import { bpmn, flow, serviceTask } from '../testing/bpmn.js';
import type { Effect } from './effects.js';
import { ProcessInstanceRuntime, type RuntimeContext } from './process-instance-runtime.js';

function keys(): RuntimeContext['nextKey'] {
  let next = 100;
  return () => String(next++);
}

async function model(body: string): Promise<ProcessModel> {
  const { processes } = await parseBpmn('test.bpmn', bpmn('p', body));
  return processes[0] as ProcessModel;
}

function start(
  processModel: ProcessModel,
  variables: Record<string, unknown> = {},
  context?: Partial<Omit<RuntimeContext, 'now'>>,
) {
  const runtime = ProcessInstanceRuntime.create(
    { key: '1', processDefinitionKey: '9', version: 1 },
    processModel,
    {
      nextKey: keys(),
      now: Date.parse('2026-11-29T08:00:00Z'),
      latestDefinition: () => undefined,
      ...context,
    },
  );
  runtime.start(variables);
  return runtime;
}

const jobsOf = (effects: Effect[]) =>
  effects
    .filter((e) => e.kind === 'createJob')
    .map((e) => (e.kind === 'createJob' ? e.job : undefined));
const jobFor = (runtime: ProcessInstanceRuntime, elementId: string) =>
  Object.values(runtime.state.elements).find((e) => e.elementId === elementId && e.jobKey);

describe('runtime - parallel gateway', () => {
  it('should fork to both branches and join only when both arrived', async () => {
    // given
    const m = await model(`
      <bpmn:startEvent id="s" /> <bpmn:parallelGateway id="fork" /> <bpmn:parallelGateway id="join" /> <bpmn:endEvent id="e" />
      ${serviceTask('a', 'a')} ${serviceTask('b', 'b')}
      ${flow('f1', 's', 'fork')} ${flow('f2', 'fork', 'a')} ${flow('f3', 'fork', 'b')}
      ${flow('f4', 'a', 'join')} ${flow('f5', 'b', 'join')} ${flow('f6', 'join', 'e')}`);
    const runtime = start(m);
    expect(jobsOf(runtime.effects).map((j) => j?.type)).toEqual(['a', 'b']);

    // when
    runtime.completeJob(jobFor(runtime, 'a')?.key as string, { fromA: 1 });

    // then the join waits for b
    expect(runtime.state.state).toBe('ACTIVE');
    expect(runtime.state.joins['1']?.join).toEqual({ f4: 1 });

    // when
    runtime.completeJob(jobFor(runtime, 'b')?.key as string, { fromB: 2 });

    // then
    expect(runtime.state.state).toBe('COMPLETED');
    expect(runtime.state.variables['1']).toEqual({ fromA: 1, fromB: 2 });
    expect(runtime.state.elements).toEqual({});
  });
});

describe('runtime - exclusive gateway', () => {
  const body = `
      <bpmn:startEvent id="s" /> <bpmn:exclusiveGateway id="x" /> <bpmn:endEvent id="e1" /> <bpmn:endEvent id="e2" />
      ${serviceTask('adult', 'adult')} ${serviceTask('minor', 'minor')}
      ${flow('f1', 's', 'x')} ${flow('f2', 'x', 'adult', '= age &gt;= 17')} ${flow('f3', 'x', 'minor', '= age &lt; 17')}
      ${flow('f4', 'adult', 'e1')} ${flow('f5', 'minor', 'e2')}`;

  it('should take the first flow whose condition holds, and no other', async () => {
    const runtime = start(await model(body), { age: 20 });
    expect(jobsOf(runtime.effects).map((j) => j?.type)).toEqual(['adult']);
  });

  it('should raise an incident when no condition holds, and go on after the fix', async () => {
    // given
    const runtime = start(await model(body), { age: null });
    const incident = runtime.effects.find((e) => e.kind === 'createIncident');
    expect(incident).toMatchObject({ incident: { type: 'CONDITION_ERROR', elementId: 'x' } });
    expect(jobsOf(runtime.effects)).toEqual([]);

    // when
    runtime.setVariables('1', { age: 12 }, false);
    const gateway = Object.values(runtime.state.elements).find((e) => e.elementId === 'x');
    runtime.resolveIncident(gateway?.key as string, gateway?.incidentKey as string);

    // then
    expect(jobsOf(runtime.effects).map((j) => j?.type)).toEqual(['minor']);
  });
});

describe('runtime - inclusive gateway', () => {
  it('should join only the branches that were taken', async () => {
    // given
    const m = await model(`
      <bpmn:startEvent id="s" /> <bpmn:inclusiveGateway id="fork" /> <bpmn:inclusiveGateway id="join" /> <bpmn:endEvent id="e" />
      ${serviceTask('a', 'a')} ${serviceTask('b', 'b')} ${serviceTask('c', 'c')}
      ${flow('f1', 's', 'fork')} ${flow('f2', 'fork', 'a', '= wantA')} ${flow('f3', 'fork', 'b', '= wantB')} ${flow('f4', 'fork', 'c', '= wantC')}
      ${flow('f5', 'a', 'join')} ${flow('f6', 'b', 'join')} ${flow('f7', 'c', 'join')} ${flow('f8', 'join', 'e')}`);
    const runtime = start(m, { wantA: true, wantB: false, wantC: true });
    expect(jobsOf(runtime.effects).map((j) => j?.type)).toEqual(['a', 'c']);

    // when
    runtime.completeJob(jobFor(runtime, 'a')?.key as string, {});
    expect(runtime.state.state).toBe('ACTIVE');
    runtime.completeJob(jobFor(runtime, 'c')?.key as string, {});

    // then
    expect(runtime.state.state).toBe('COMPLETED');
  });
});

describe('runtime - variables', () => {
  it('should keep input mappings local and propagate only output mappings', async () => {
    // given
    const m = await model(`
      <bpmn:startEvent id="s" /> <bpmn:endEvent id="e" />
      ${serviceTask('t', 't', '<zeebe:ioMapping><zeebe:input source="=resident.nik" target="nik" /><zeebe:output source="=valid" target="resident.valid" /></zeebe:ioMapping>')}
      ${flow('f1', 's', 't')} ${flow('f2', 't', 'e')}`);
    const runtime = start(m, { resident: { nik: '1571084506990001', name: 'Siti' } });
    const task = jobFor(runtime, 't');
    expect(runtime.visibleVariables(task?.key as string)).toMatchObject({
      nik: '1571084506990001',
    });

    // when
    runtime.completeJob(task?.key as string, { valid: true, unmapped: 'x' });

    // then
    expect(runtime.state.variables['1']).toEqual({
      resident: { nik: '1571084506990001', name: 'Siti', valid: true },
    });
  });

  it('should update a variable in the nearest scope that has it, else create it at the root', async () => {
    // given
    const m = await model(`
      <bpmn:startEvent id="s" /> <bpmn:endEvent id="e" />
      <bpmn:subProcess id="sub"><bpmn:extensionElements><zeebe:ioMapping><zeebe:input source="=0" target="count" /></zeebe:ioMapping></bpmn:extensionElements>
        <bpmn:startEvent id="ss" /> ${serviceTask('t', 't')} <bpmn:endEvent id="se" />
        ${flow('g1', 'ss', 't')} ${flow('g2', 't', 'se')}
      </bpmn:subProcess>
      ${flow('f1', 's', 'sub')} ${flow('f2', 'sub', 'e')}`);
    const runtime = start(m, { count: 10 });
    const sub = Object.values(runtime.state.elements).find((e) => e.elementId === 'sub');

    // when
    runtime.completeJob(jobFor(runtime, 't')?.key as string, { count: 1, fresh: true });

    // then the subprocess-local count was updated and then discarded with its scope
    expect(sub).toBeDefined();
    expect(runtime.state.variables['1']).toEqual({ count: 10, fresh: true });
    expect(runtime.state.state).toBe('COMPLETED');
  });
});

describe('runtime - terminate end event and call activity', () => {
  it('should end the instance and cancel the other branch on a terminate end event', async () => {
    // given
    const m = await model(`
      <bpmn:startEvent id="s" /> <bpmn:parallelGateway id="fork" />
      ${serviceTask('slow', 'slow')} ${serviceTask('fast', 'fast')} <bpmn:endEvent id="e" />
      <bpmn:endEvent id="stop"><bpmn:terminateEventDefinition /></bpmn:endEvent>
      ${flow('f1', 's', 'fork')} ${flow('f2', 'fork', 'slow')} ${flow('f3', 'fork', 'fast')} ${flow('f4', 'slow', 'e')} ${flow('f5', 'fast', 'stop')}`);
    const runtime = start(m);
    const slowJob = jobFor(runtime, 'slow')?.jobKey;

    // when
    runtime.completeJob(jobFor(runtime, 'fast')?.key as string, {});

    // then
    expect(runtime.state.state).toBe('COMPLETED');
    expect(runtime.effects).toContainEqual({ kind: 'cancelJob', jobKey: slowJob });
  });

  it('should raise an incident for an unknown called process', async () => {
    const m = await model(`
      <bpmn:startEvent id="s" /> <bpmn:endEvent id="e" />
      <bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement processId="= child" /></bpmn:extensionElements></bpmn:callActivity>
      ${flow('f1', 's', 'call')} ${flow('f2', 'call', 'e')}`);
    const runtime = start(m, { child: 'ektp-recording' });
    expect(runtime.effects).toContainEqual(
      expect.objectContaining({
        kind: 'createIncident',
        incident: expect.objectContaining({
          type: 'CALLED_ELEMENT_ERROR',
          message:
            "Expected process with BPMN process id 'ektp-recording' to be deployed, but not found.",
        }) as unknown,
      }),
    );
  });
});
