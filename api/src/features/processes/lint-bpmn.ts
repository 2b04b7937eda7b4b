/**
 * Lints BPMN with bpmnlint's recommended rules and Camunda's 8.5 compatibility rules
 * (`plugin:camunda-compat/camunda-cloud-8-5`): what a process must pass to run on Zeebe 8.5 and on
 * the embedded engine alike (docs/adr/0005-zeebe-8-5-floor.md). Used by the tests of processes/ and
 * by deployment through the API, where an error blocks the deployment. The linting itself runs in
 * a worker thread (lint-worker.mjs).
 */
import { Worker } from 'node:worker_threads';

export const lintConfig = {
  extends: ['bpmnlint:recommended', 'plugin:camunda-compat/camunda-cloud-8-5'],
};

export interface LintIssue {
  /** The element the issue is about (absent for the whole document). */
  elementId?: string;
  rule: string;
  message: string;
}

export interface LintResult {
  errors: LintIssue[];
  warnings: LintIssue[];
}

type Reports = Record<string, Array<{ id?: string; message: string; category: string }>>;
type Reply = { id: number; reports?: Reports; error?: string };

let worker: Worker | undefined;
let nextId = 1;
const pending = new Map<number, { resolve(reports: Reports): void; reject(error: Error): void }>();

function lintWorker(): Worker {
  if (worker) return worker;
  const started = new Worker(new URL('./lint-worker.mjs', import.meta.url));
  // An idle linter must not keep the process alive.
  started.unref();
  started.on('message', (reply: Reply) => {
    const request = pending.get(reply.id);
    pending.delete(reply.id);
    if (reply.reports) request?.resolve(reply.reports);
    else request?.reject(new Error(`linting failed: ${reply.error ?? 'no answer'}`));
  });
  started.on('error', (error) => {
    for (const request of pending.values()) request.reject(error);
    pending.clear();
    worker = undefined;
  });
  worker = started;
  return started;
}

export async function lintBpmn(xml: string): Promise<LintResult> {
  const id = nextId++;
  const reports = await new Promise<Reports>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    lintWorker().postMessage({ id, xml, config: lintConfig });
  });
  const result: LintResult = { errors: [], warnings: [] };
  for (const [rule, issues] of Object.entries(reports)) {
    for (const issue of issues) {
      const entry: LintIssue = {
        rule,
        message: issue.message,
        ...(issue.id ? { elementId: issue.id } : {}),
      };
      (issue.category === 'error' ? result.errors : result.warnings).push(entry);
    }
  }
  return result;
}
