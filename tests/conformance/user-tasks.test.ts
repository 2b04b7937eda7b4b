import {
  activateJob,
  deployProcess,
  eventually,
  instanceIsActive,
  type Job,
  startInstance,
  useEngine,
} from './support.js';

const engine = useEngine();

// User tasks without <zeebe:userTask/> are job-worker user tasks: a job of one fixed type whose
// custom headers carry the assignment, form and schedule. Every process's user tasks share that
// type, so each test keeps only the jobs of its own instance.
const USER_TASK_TYPE = 'io.camunda.zeebe:userTask';
const ASSIGNEE = 'io.camunda.zeebe:assignee';
const CANDIDATE_GROUPS = 'io.camunda.zeebe:candidateGroups';
const CANDIDATE_USERS = 'io.camunda.zeebe:candidateUsers';
const FORM_KEY = 'io.camunda.zeebe:formKey';
const DUE_DATE = 'io.camunda.zeebe:dueDate';
const FOLLOW_UP_DATE = 'io.camunda.zeebe:followUpDate';

function header(job: Job, name: string): string | undefined {
  const value = (job.customHeaders as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/** candidateGroups and candidateUsers headers are JSON arrays of strings. */
function listHeader(job: Job, name: string): unknown {
  const value = header(job, name);
  return value === undefined ? undefined : JSON.parse(value);
}

/** Date headers are ISO 8601; compare instants, since an offset may be written either way. */
function instantHeader(job: Job, name: string): number | undefined {
  const value = header(job, name);
  return value === undefined ? undefined : Date.parse(value);
}

describe('user tasks (job worker implementation)', () => {
  it('should create a job whose headers carry the static assignment, form key and schedule', async () => {
    // given
    await deployProcess(engine.client, 'user-tasks-static.bpmn');

    // when
    const { processInstanceKey } = await startInstance(engine.client, 'user-tasks-static');

    // then
    const job = await activateJob(engine.client, { type: USER_TASK_TYPE, processInstanceKey });
    expect(job.elementId).toBe('task-verifikasi-berkas');
    expect(header(job, ASSIGNEE)).toBe('budi');
    expect(listHeader(job, CANDIDATE_GROUPS)).toEqual(['kasi', 'sekcam']);
    expect(listHeader(job, CANDIDATE_USERS)).toEqual(['budi', 'siti']);
    expect(header(job, FORM_KEY)).toBe('ektp:form:verifikasi-berkas');
    expect(instantHeader(job, DUE_DATE)).toBe(Date.parse('2024-06-03T09:00:00+07:00'));
    expect(instantHeader(job, FOLLOW_UP_DATE)).toBe(Date.parse('2024-06-01T09:00:00+07:00'));
  });

  it('should evaluate FEEL in the assignee, candidate groups and due date', async () => {
    // given
    await deployProcess(engine.client, 'user-tasks-feel.bpmn');

    // when
    const { processInstanceKey } = await startInstance(engine.client, 'user-tasks-feel', {
      petugas: 'rina',
      kelompok: ['kasi', 'camat'],
      tanggalPengajuan: '2024-06-01T08:00:00+07:00',
    });

    // then
    const job = await activateJob(engine.client, { type: USER_TASK_TYPE, processInstanceKey });
    expect(header(job, ASSIGNEE)).toBe('rina');
    expect(listHeader(job, CANDIDATE_GROUPS)).toEqual(['kasi', 'camat']);
    expect(instantHeader(job, DUE_DATE)).toBe(Date.parse('2024-06-15T08:00:00+07:00'));
    expect(header(job, CANDIDATE_USERS)).toBeUndefined();
    expect(header(job, FOLLOW_UP_DATE)).toBeUndefined();
    expect(header(job, FORM_KEY)).toBeUndefined();
  });

  it('should leave every assignment, form and schedule header out when none is set', async () => {
    // given
    await deployProcess(engine.client, 'user-tasks-bare.bpmn');

    // when
    const { processInstanceKey } = await startInstance(engine.client, 'user-tasks-bare');

    // then
    const job = await activateJob(engine.client, { type: USER_TASK_TYPE, processInstanceKey });
    expect(job.elementId).toBe('task-tanpa-atribut');
    expect(job.customHeaders).toEqual({});
  });

  it('should continue the instance when the user task job is completed', async () => {
    // given
    await deployProcess(engine.client, 'user-tasks-bare.bpmn');
    const { processInstanceKey } = await startInstance(engine.client, 'user-tasks-bare');
    const job = await activateJob(engine.client, { type: USER_TASK_TYPE, processInstanceKey });

    // when the tasklist completes it with the form's variables
    await engine.client.completeJob({ jobKey: job.key, variables: { disetujui: true } });

    // then
    await eventually(async () =>
      expect(await instanceIsActive(engine.client, processInstanceKey)).toBe(false),
    );
  });
});
