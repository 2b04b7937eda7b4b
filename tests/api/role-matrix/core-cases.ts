/**
 * Role-matrix cases for sign-in, the tasklist, residents, the public status check, breaches and
 * the contract: what one allowed call of each needs.
 */
import { insertResident, talangJauh } from '../../helpers/domain-fixtures.js';
import { roles } from '../../../api/src/features/auth/authorize.js';
import { fastScrypt } from '../../helpers/api-harness.js';
import { hashPassword } from '../../../api/src/features/auth/password.js';
import type { MatrixCases, MatrixWorld } from './matrix-case.js';

/** A one-step process whose user task any role may take, in Talang Jauh. */
export const matrixTaskProcess = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="m" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="matrix-task" isExecutable="true">
    <bpmn:startEvent id="s"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="check" name="Periksa">
      <bpmn:extensionElements>
        <zeebe:assignmentDefinition candidateGroups="${roles.join(',')}" />
      </bpmn:extensionElements>
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:endEvent id="e"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="check" /><bpmn:sequenceFlow id="f2" sourceRef="check" targetRef="e" />
  </bpmn:process>
</bpmn:definitions>`;

/** A fresh open task of the matrix process, stored by the user-task worker; its id. */
async function openTask(world: MatrixWorld): Promise<string> {
  const { processInstanceKey } = await world.zeebe.createProcessInstance({
    bpmnProcessId: 'matrix-task',
    variables: { kelurahanCode: talangJauh },
  });
  for (let i = 0; i < 500; i++) {
    const { rows } = await world.pool.query<{ id: string }>(
      `select id::text from app.tasks where process_instance_key = $1 and state = 'CREATED'`,
      [processInstanceKey],
    );
    if (rows[0]) return rows[0].id;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the user-task worker stored no task for the matrix');
}

let breachKey = 1;

export const coreCases: MatrixCases = {
  signIn: async (world, caller) => {
    await world.pool.query(
      `insert into app.users (staff_id, password_hash) values ($1, $2) on conflict do nothing`,
      [caller.login, await hashPassword(`sandi-${caller.login}`, fastScrypt)],
    );
    return { body: { login: caller.login, password: `sandi-${caller.login}` } };
  },
  signOut: () => Promise.resolve({}),
  currentUser: () => Promise.resolve({}),

  listTasks: () => Promise.resolve({ query: { overdue: 'false' } }),
  getTask: async (world) => ({ params: { id: await openTask(world) } }),
  taskHistory: async (world) => ({ params: { id: await openTask(world) } }),
  claimTask: async (world) => ({ params: { id: await openTask(world) } }),
  unclaimTask: async (world, caller) => {
    const id = await openTask(world);
    await world.pool.query(`update app.tasks set assignee = $2 where id = $1`, [id, caller.login]);
    return { params: { id } };
  },
  assignTask: async (world, caller) => ({
    params: { id: await openTask(world) },
    body: { assignee: caller.login },
  }),
  completeTask: async (world) => ({
    params: { id: await openTask(world) },
    body: { variables: { checked: true } },
  }),

  registerResident: async (world, caller) => {
    await world.pool.query(
      `insert into app.neighbourhoods (kelurahan_code, rw, rt) values ($1, 1, 1) on conflict do nothing`,
      [talangJauh],
    );
    // Born 20 May 2007, serials 9000 + the role's index: apart from the fixtures' residents.
    const serial = String(9000 + roles.indexOf(caller.role));
    return {
      body: {
        nik: `157108200507${serial}`,
        kkNo: `157108010120${serial}`,
        fullName: `WARGA BARU ${caller.role.toUpperCase()}`,
        birthPlace: 'Jambi',
        birthDate: '2007-05-20',
        sex: 'L',
        religion: 'ISLAM',
        maritalStatus: 'BELUM_KAWIN',
        occupation: 'PELAJAR/MAHASISWA',
        address: 'Jl. Kapten Pattimura No. 5',
        kelurahanCode: talangJauh,
        rw: 1,
        rt: 1,
      },
    };
  },
  searchResidents: () => Promise.resolve({ query: { q: 'warga' } }),
  getResident: async (world) => ({ params: { nik: (await insertResident(world.pool)).nik } }),
  residentTimeline: async (world) => ({
    params: { nik: (await insertResident(world.pool)).nik },
  }),
  startLifecycle: async (world) => ({ params: { nik: (await insertResident(world.pool)).nik } }),

  publicStatus: async (world) => {
    const { nik } = await insertResident(world.pool);
    const code = `M${nik.slice(-6)}`;
    await world.pool.query(
      `insert into app.invitations (nik, attempt, letter_no, check_in_code, status, delivered_at)
       values ($1, 1, $2, $3, 'DELIVERED', now())`,
      [nik, `474/${code}`, code],
    );
    return { query: { nik, receipt: code } };
  },

  listBreaches: () => Promise.resolve({ query: { status: 'OPEN' } }),
  breachSummary: async (world) => {
    await world.pool.query(
      `insert into app.breaches (policy_code, level, candidate_group, process_instance_key, element_instance_key,
                                 element_id, kelurahan_code, due_at, breached_at, status)
       values ('INVITATION_DELIVER', 1, 'lurah', 1, $1, 'deliver', $2, now() - interval '1 day', now(), 'OPEN')`,
      [breachKey++, talangJauh],
    );
    return {};
  },

  openApiDocument: () => Promise.resolve({}),
  apiReference: () => Promise.resolve({}),
};
