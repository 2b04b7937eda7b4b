// Runs bpmnlint in a worker thread. bpmnlint and its plugins are CommonJS that require ESM-only
// packages, which Node (>= 20.19) loads but a test runner's module loader may not; here they load
// natively. It also keeps linting off the HTTP server's thread.
import { createRequire } from 'node:module';
import { parentPort } from 'node:worker_threads';

import { BpmnModdle } from 'bpmn-moddle';

const require = createRequire(import.meta.url);
const { Linter } = require('bpmnlint');
const NodeResolver = require('bpmnlint/lib/resolver/node-resolver');
const zeebe = require('zeebe-bpmn-moddle/resources/zeebe.json');

parentPort.on('message', async ({ id, xml, config }) => {
  try {
    let definitions;
    try {
      // The Zeebe schema must be known, or every zeebe:* extension looks missing.
      definitions = (await new BpmnModdle({ zeebe }).fromXML(xml)).rootElement;
    } catch (error) {
      const message = `not a valid BPMN XML document: ${String(error.message).split('\n')[0]}`;
      parentPort.postMessage({ id, reports: { xml: [{ message, category: 'error' }] } });
      return;
    }
    // A new linter each time: some rules keep state between documents (a reused linter reports
    // every flow of the second document as a duplicate of the first).
    const reports = await new Linter({ config, resolver: new NodeResolver() }).lint(definitions);
    parentPort.postMessage({ id, reports });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error?.message ?? error) });
  }
});
