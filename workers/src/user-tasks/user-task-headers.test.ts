import { readUserTaskHeaders } from './user-task-headers.js';

describe('user tasks - readUserTaskHeaders', () => {
  it('should read assignment, form and schedule', () => {
    expect(
      readUserTaskHeaders({
        'io.camunda.zeebe:assignee': 'lurah.talangjauh',
        'io.camunda.zeebe:candidateGroups': '["kasi","sekcam"]',
        'io.camunda.zeebe:formKey': 'camunda-forms:bpmn:undangan',
        'io.camunda.zeebe:dueDate': '2026-12-03T10:00:00+07:00',
        unit: 'kelurahan',
      }),
    ).toEqual({
      ok: true,
      value: {
        assignee: 'lurah.talangjauh',
        candidateGroups: ['kasi', 'sekcam'],
        candidateUsers: [],
        formKey: 'camunda-forms:bpmn:undangan',
        dueAt: new Date('2026-12-03T03:00:00Z'),
        followUpAt: null,
      },
    });
  });

  it('should say which header is malformed', () => {
    expect(readUserTaskHeaders({ 'io.camunda.zeebe:candidateGroups': 'kasi, sekcam' })).toEqual({
      ok: false,
      message: 'header io.camunda.zeebe:candidateGroups must be a JSON array of strings',
    });
  });
});
