// Jest global setup: one PostgreSQL server and one migrated template database for the whole run.
// Jest loads global setup outside its ESM module registry, so this file imports the compiled
// helper from dist/ (npm run test:jest builds first).
import {
  serverUrlVariable,
  startTestServer,
  templateVariable,
} from '../../dist/tests/helpers/test-postgres-server.js';

export default async function globalSetup() {
  const server = await startTestServer();
  process.env[serverUrlVariable] = server.adminUrl;
  process.env[templateVariable] = server.template;
  globalThis.__ektpTestServer = server;
}
