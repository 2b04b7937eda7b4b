/**
 * bench/api-tasklist: the tasklist API (/api/tasks) on 1,000,000 tasks across the 7 kelurahan of
 * Jelutung, through the real express app on a loopback port, with a durable embedded PostgreSQL.
 *
 * - INBOX: a staff member's inbox (their roles' and own open tasks, due-date order, first page),
 *   N sequential requests per caller after a warm-up, for a kelurahan staff member, a ketua RT, a
 *   kecamatan recording operator and a supervisor (Kasi); the default inbox and `?mine=true`.
 *   Measured twice: on the freshly vacuumed table, and after the user-task worker's 5-minute pass
 *   has rewritten every open task's last_seen_at (the state between two autovacuums).
 * - MIXED (on the vacuumed table): tasklist traffic from nine signed-in staff at fixed rates
 *   (default 50, 100 and 200 requests/s, 30 s each) from an open-loop generator in a child
 *   process: inbox pages, filters (overdue, step, process, kelurahan), task detail, history,
 *   claim/unclaim pairs.
 * - PEERS, same run: the inbox SQL the API sends, replayed directly on the pool (no HTTP); GET
 *   /health (HTTP + express + `select 1`) and GET /api/auth/me (the session lookup every API
 *   request makes) sequentially; /api/auth/me at the highest rate of the mixed traffic.
 *
 * The load generator is our own (node:http, keep-alive): autocannon's rate limit is per
 * connection and closed-loop — a connection waits for its answer before the next request — so a
 * slow answer delays the requests behind it instead of queueing them (coordinated omission), and
 * the claim/unclaim pairs need per-request paths, sessions and CSRF tokens.
 *
 *   npm run bench:api                            # 1,000,000 tasks; about 9–10 minutes
 *   BENCH_TASKS=20000 npm run bench:api          # a quick run
 */
import { Buffer } from 'node:buffer';
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const thisFile = fileURLToPath(import.meta.url);

// ---- the bench ----------------------------------------------------------------------------------

async function main() {
  const support = await import('./support.mjs');
  const { CpuMeter, log, ms, percentiles, positiveInteger, printMachine, printProblems } = support;
  const { printTable, startDatabase, systemClock, waitUntil } = support;
  const { createApp } = await import('../dist/api/src/app.js');
  const { hashPassword } = await import('../dist/api/src/features/auth/password.js');
  const { jambiDate } = await import('../dist/api/src/seed/dates.js');
  const { seedDatabase } = await import('../dist/api/src/seed/seed-database.js');
  const { HealthRegistry } = await import('../dist/platform/src/health.js');
  const { createLogger } = await import('../dist/platform/src/log/logger.js');

  const taskCount = positiveInteger('BENCH_TASKS', 1_000_000);
  const residentCount = positiveInteger('BENCH_RESIDENTS', 30_000);
  const openPercent = positiveInteger('BENCH_OPEN_PERCENT', 12);
  const inboxRequests = positiveInteger('BENCH_INBOX_REQUESTS', 500);
  const warmup = positiveInteger('BENCH_WARMUP', 50);
  const rates = (process.env.BENCH_RATES ?? '50,100,200').split(',').map(Number);
  if (!rates.every((r) => Number.isInteger(r) && r > 0)) {
    console.error(`BENCH_RATES must be positive integers separated by commas`);
    process.exit(2);
  }
  const seconds = positiveInteger('BENCH_SECONDS', 30);
  const rowLimitSeconds = positiveInteger('BENCH_ROW_LIMIT_S', 60);
  const problems = [];
  const runStarted = performance.now();

  const database = await startDatabase(10);
  const { pool } = database;
  const server = { close: async () => undefined };
  try {
    // ---- seed: the office and its staff (npm run seed's code), then the tasks in SQL ----------
    const now = systemClock.now();
    const seedStarted = performance.now();
    const seeded = await seedDatabase(
      pool,
      { residents: residentCount, seed: 157_108, today: jambiDate(now), append: false, now },
      log,
    );
    console.error(
      `seeded ${seeded.residents} residents and ${seeded.staff} staff in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`,
    );
    const taskSeed = await seedTasks(pool, { taskCount, openShare: openPercent / 100, now });

    // ---- the API on a loopback port, with the product's health check ---------------------------
    const recorder = recordingPool(pool);
    const health = new HealthRegistry();
    health.register('database', async () => {
      await pool.query('select 1');
      return { status: 'up', mode: 'embedded' };
    });
    const app = createApp({
      health,
      log: createLogger({ level: 'silent' }),
      uiDirectory: '/nonexistent',
      data: { pool: recorder.pool, clock: systemClock },
    });
    const listening = await new Promise((resolve, reject) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
      s.once('error', reject);
    });
    listening.keepAliveTimeout = 60_000;
    server.close = () => new Promise((resolve) => listening.close(() => resolve()));
    const base = `http://127.0.0.1:${listening.address().port}`;

    // ---- logins: random passwords, hashed as the product hashes them ---------------------------
    const firstRt = async (suffix) =>
      (await pool.query(`select min(id) as id from app.staff where id like $1`, [`rt-${suffix}-%`]))
        .rows[0].id;
    const callers = [
      {
        login: 'staf-1003-1',
        who: 'kelurahan staff (staf-kelurahan, 1003)',
        step: 'home-visit',
        process: 'ektp-invitation',
      },
      {
        login: await firstRt('1002'),
        who: 'ketua RT (1002)',
        step: 'deliver',
        process: 'ektp-invitation',
      },
      {
        login: 'operator-1',
        who: 'kecamatan operator (operator-perekaman)',
        step: 'capture',
        process: 'ektp-recording',
      },
      { login: 'kasi', who: 'supervisor (kasi)', step: 'handle', process: 'sla-escalation' },
      {
        login: 'staf-1006-2',
        who: 'kelurahan staff (1006)',
        step: 'home-visit',
        process: 'ektp-invitation',
      },
      {
        login: 'lurah-1005',
        who: 'lurah (1005)',
        step: 'distribute',
        process: 'ektp-invitation-batch',
      },
      {
        login: 'loket-1',
        who: 'counter (petugas-loket)',
        step: 'check-requirements',
        process: 'ektp-recording',
      },
      {
        login: 'loket-2',
        who: 'counter (petugas-loket)',
        step: 'handover',
        process: 'ektp-activation',
      },
      { login: 'camat', who: 'camat', step: 'sign', process: 'ektp-invitation-batch' },
    ];
    // The login rate limit allows 10 attempts a minute per address: nine callers fit.
    for (const caller of callers) caller.password = randomBytes(12).toString('base64url');
    for (let i = 0; i < callers.length; i += 2) {
      const pair = callers.slice(i, i + 2);
      const hashes = await Promise.all(pair.map((c) => hashPassword(c.password)));
      for (const [j, c] of pair.entries())
        await pool.query(`insert into app.users (staff_id, password_hash) values ($1, $2)`, [
          c.login,
          hashes[j],
        ]);
    }
    const agent = new http.Agent({ keepAlive: true });
    for (const caller of callers) {
      const answer = await send(agent, base, {
        method: 'POST',
        path: '/api/auth/login',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login: caller.login, password: caller.password }),
      });
      if (answer.status !== 200)
        throw new Error(`${caller.login} could not sign in: ${answer.status} ${answer.body}`);
      caller.cookie = String(answer.headers['set-cookie']?.[0] ?? '').split(';')[0];
      const body = JSON.parse(answer.body);
      caller.csrf = body.csrfToken;
      caller.roles = body.user.roles;
      caller.unitCode = body.user.unitCode;
    }
    const get = async (caller, path) => {
      const answer = await send(agent, base, {
        method: 'GET',
        path,
        headers: { cookie: caller.cookie },
      });
      if (answer.status !== 200)
        throw new Error(`GET ${path} as ${caller.login}: ${answer.status}`);
      return JSON.parse(answer.body);
    };

    // ---- INBOX: sequential requests per caller in two states of the table, then the peers ------
    const measured = callers.slice(0, 4);
    const views = [
      { view: 'inbox', path: '/api/tasks' },
      { view: 'mine', path: '/api/tasks?mine=true' },
    ];
    // ---- CHECK: the API's totals against a count straight from the definition of visible -------
    let checked = 0;
    for (const caller of callers) {
      const cases = [
        ['/api/tasks', {}],
        ['/api/tasks?mine=true', { mine: true }],
        [`/api/tasks?step=${caller.step}`, { step: caller.step }],
        [`/api/tasks?process=${caller.process}`, { process: caller.process }],
        ['/api/tasks?kelurahan=15.71.08.1004', { kelurahan: '15.71.08.1004' }],
        ['/api/tasks?overdue=true&page=3', { overdue: true }],
      ];
      for (const [path, filters] of cases) {
        // Tasks fall overdue as time passes: the API's total must lie between the two counts.
        const before = await visibleOpenCount(pool, caller, {
          ...filters,
          overdueAt: filters.overdue ? new Date() : undefined,
        });
        const page = await get(caller, path);
        const after = filters.overdue
          ? await visibleOpenCount(pool, caller, { ...filters, overdueAt: new Date() })
          : before;
        const skipped = path.endsWith('page=3') ? 50 : 0;
        // A page past the last answers total 0 (as the tasklist always has): nothing to check.
        if (page.items.length === 0 && skipped > 0 && page.total === 0 && before <= skipped) {
          checked += 1;
          continue;
        }
        if (page.total < before || page.total > after)
          problems.push(
            `${caller.login} ${path}: the API says ${page.total} tasks, SQL counts ${before}`,
          );
        if (page.items.length !== Math.max(0, Math.min(25, page.total - skipped)))
          problems.push(`${caller.login} ${path}: ${page.items.length} items of ${page.total}`);
        checked += 1;
      }
    }
    console.error(`  … ${checked} totals checked against SQL`);

    const generator = startGenerator();
    const rows = [];
    const plans = [];
    const sequential = async (path, cookie) => {
      const result = await generator.run({
        mode: 'sequential',
        base,
        warmup,
        limitMs: rowLimitSeconds * 1000,
        requests: Array.from({ length: warmup + inboxRequests }, () => ({
          label: 'x',
          method: 'GET',
          path,
          headers: { cookie },
        })),
      });
      if (result.cut) problems.push(`GET ${path}: cut at its ${rowLimitSeconds} s limit`);
      return summarise(result.results);
    };
    const inboxPhase = async (state) => {
      // The SQL each caller's inbox sends, recorded from the API, checked, and its plan.
      const inboxSql = new Map();
      for (const caller of measured) {
        for (const { view, path } of views) {
          recorder.start();
          const page = await get(caller, path);
          const queries = recorder.stop().filter((q) => /from app\.tasks t/.test(q.text));
          if (queries.length === 0)
            throw new Error(`no tasks query recorded for ${caller.login} ${view}`);
          inboxSql.set(`${caller.login} ${view}`, queries);
          caller[view] = page;
          const expected = await visibleOpenCount(pool, caller, { mine: view === 'mine' });
          if (page.total !== expected)
            problems.push(
              `${state}, ${caller.login} ${view}: the API says ${page.total} tasks, SQL counts ${expected}`,
            );
          if (page.items.length !== Math.min(25, expected))
            problems.push(
              `${state}, ${caller.login} ${view}: ${page.items.length} items on the first page`,
            );
          if (!isDueOrdered(page.items))
            problems.push(
              `${state}, ${caller.login} ${view}: the first page is not in due-date order`,
            );
          if (view === 'inbox')
            for (const q of queries) plans.push({ state, caller, ...(await explain(pool, q)) });
        }
      }
      const cpu = new CpuMeter(database.pg.pid).start();
      for (const caller of measured)
        for (const { view, path } of views)
          rows.push({
            state,
            what: `GET ${path}`,
            caller: caller.who,
            total: caller[view].total,
            ...(await sequential(path, caller.cookie)),
          });
      for (const caller of measured) {
        const queries = inboxSql.get(`${caller.login} inbox`);
        const latencies = [];
        const deadline = performance.now() + rowLimitSeconds * 1000;
        for (let i = 0; i < warmup + inboxRequests && performance.now() < deadline; i++) {
          const t0 = performance.now();
          for (const q of queries) await pool.query(q.text, q.values);
          if (i >= warmup) latencies.push(performance.now() - t0);
        }
        rows.push({
          state,
          what: 'peer: the same inbox SQL on the pool',
          caller: caller.who,
          total: caller.inbox.total,
          errors: 0,
          ...percentiles(latencies),
        });
      }
      console.error(`  … inbox measured ${state}: ${cpu.stop()}`);
    };

    await inboxPhase('vacuumed');
    for (const path of ['/health', '/api/auth/me'])
      rows.push({
        state: 'vacuumed',
        what: `peer: GET ${path}`,
        caller: measured[3].who,
        total: '–',
        ...(await sequential(path, measured[3].cookie)),
      });

    // ---- MIXED: open-loop tasklist traffic at a fixed rate, then the peer at the same rate -------
    for (const caller of callers) {
      const seen = new Set();
      for (const path of ['/api/tasks', '/api/tasks?page=2', '/api/tasks?overdue=true'])
        for (const item of (await get(caller, path)).items) seen.add(item.id);
      caller.readable = [...seen];
      if (caller.readable.length === 0) problems.push(`${caller.login} sees no open tasks`);
    }
    // Requests the generator gave up on (10 s) may still wait for a connection of the pool; the
    // next run starts when they are done, or not at all.
    const drained = async (what) => {
      if (await waitUntil(() => pool.waitingCount === 0, 300_000, 100)) return true;
      problems.push(`the server had not worked off the ${what} 300 s after it ended`);
      return false;
    };
    const taken = [];
    const runs = [];
    for (const rate of rates) {
      const total = rate * seconds;
      const pairCount = Math.round(total * 0.02);
      await assignClaimable(pool, callers, Math.ceil(pairCount / callers.length) + 2, taken);
      const plan = mixedPlan(callers, total, pairCount);
      const cpu = new CpuMeter(database.pg.pid).start();
      const result = await generator.run({ mode: 'open', base, rate, requests: plan });
      runs.push({ rate, result, cpu: cpu.stop() });
      console.error(`  … mixed traffic at ${rate}/s sent`);
      if (!(await drained(`mixed run at ${rate}/s`))) break;
    }
    const peerRate = Math.max(...rates);
    let peer = { results: [], elapsedMs: 0, cpu: '–' };
    let peerUsage = '';
    if (runs.length === rates.length) {
      const peerCpu = new CpuMeter(database.pg.pid).start();
      peer = await generator.run({
        mode: 'open',
        base,
        rate: peerRate,
        requests: Array.from({ length: peerRate * seconds }, (_, i) => ({
          label: 'peer',
          method: 'GET',
          path: '/api/auth/me',
          headers: { cookie: callers[i % callers.length].cookie },
        })),
      });
      peerUsage = peerCpu.stop();
    }
    const { rows: leftClaimed } = await pool.query(
      `select count(*)::int as n from app.tasks where id = any($1::bigint[]) and assignee is not null`,
      [taken],
    );
    if (leftClaimed[0].n > 0)
      problems.push(`${leftClaimed[0].n} tasks are still claimed after their unclaim`);

    // ---- the user-task worker's 5-minute pass, then the inbox again ----------------------------
    let pass;
    if (await drained('peer run')) {
      pass = await userTaskWorkerPass(pool);
      await inboxPhase('after a worker pass');
    }
    await generator.stop();

    printTable(
      `INBOX — first page (25, due-date order), up to ${inboxRequests} sequential requests per row after ${warmup} warm-up`,
      [
        ['table state', (r) => r.state, 'left'],
        ['request', (r) => r.what, 'left'],
        ['caller', (r) => r.caller, 'left'],
        ['open tasks seen', (r) => r.total],
        ['ok', (r) => `${r.n - r.errors}/${r.n}`],
        ['p50 ms', (r) => ms(r.p50)],
        ['p95 ms', (r) => ms(r.p95)],
        ['p99 ms', (r) => ms(r.p99)],
        ['max ms', (r) => ms(r.max)],
      ],
      rows,
    );
    for (const r of rows.filter((x) => x.what.startsWith('GET ')))
      if (r.errors > 0) problems.push(`${r.what} as ${r.caller}: ${r.errors} failed requests`);
    for (const state of ['vacuumed', 'after a worker pass']) {
      const inboxRows = rows.filter((r) => r.state === state && r.what === 'GET /api/tasks');
      if (inboxRows.length === 0) continue;
      const worst = inboxRows.reduce((a, b) => (b.p95 > a.p95 ? b : a));
      console.log(
        `GOAL inbox p95 < 50 ms, ${state}: ${worst.p95 < 50 ? 'met' : 'NOT met'} (worst ${ms(worst.p95)} ms, ${worst.caller})`,
      );
    }
    if (pass)
      console.log(
        `WORKER PASS: ${pass.touched.toLocaleString('en')} open tasks' last_seen_at rewritten one by one in ${pass.seconds.toFixed(1)} s, ${pass.hotPercent} % of the updates HOT`,
      );
    console.log('PLANS of the inbox query (EXPLAIN ANALYZE, one run each)');
    for (const p of plans) console.log(`  ${p.state}, ${p.caller.who}: ${p.summary}`);

    // The mix in detail at the highest rate served without a failure (or the lowest rate).
    const detailed =
      [...runs].reverse().find((r) => r.result.results.every((x) => x.status === 200)) ?? runs[0];
    const byLabel = new Map();
    for (const r of detailed.result.results) {
      const list = byLabel.get(r.label) ?? [];
      list.push(r);
      byLabel.set(r.label, list);
    }
    const mixedRows = [
      ...runs.map((run) => ({
        what: `tasklist mix at ${run.rate}/s`,
        ...summarise(run.result.results),
        elapsed: run.result.elapsedMs,
        lag: run.result.lag,
        cpu: run.cpu,
      })),
      ...[...byLabel].map(([label, list]) => ({
        what: `  at ${detailed.rate}/s: ${label}`,
        ...summarise(list),
      })),
      {
        what: `peer: GET /api/auth/me at ${peerRate}/s`,
        ...summarise(peer.results),
        elapsed: peer.elapsedMs,
        lag: peer.lag,
        cpu: peerUsage,
      },
    ];
    printTable(
      `MIXED — open loop for ${seconds} s per rate from ${callers.length} signed-in staff (child process), table vacuumed`,
      [
        ['requests', (r) => r.what, 'left'],
        ['sent', (r) => r.n],
        ['errors', (r) => r.errors],
        [
          'answered ok /s',
          (r) => (r.elapsed ? ((r.n - r.errors) / (r.elapsed / 1000)).toFixed(1) : ''),
        ],
        ['p50 ms', (r) => ms(r.p50)],
        ['p95 ms', (r) => ms(r.p95)],
        ['p99 ms', (r) => ms(r.p99)],
        ['max ms', (r) => ms(r.max)],
        ['send lag p99/max ms', (r) => (r.lag ? `${ms(r.lag.p99)}/${ms(r.lag.max)}` : '')],
        ['cpu', (r) => r.cpu ?? '', 'left'],
      ],
      mixedRows,
    );
    console.log(
      `  load generator cpu: ${runs.map((r) => `${r.rate}/s ${r.result.cpu}`).join(', ')}, peer ${peer.cpu}`,
    );
    for (const [what, results] of [
      ...runs.map((run) => [`the mix at ${run.rate}/s`, run.result.results]),
      ['the peer', peer.results],
    ]) {
      const failures = results.filter((x) => x.status !== 200);
      if (failures.length === 0) continue;
      problems.push(`${failures.length} requests of ${what} failed`);
      const kinds = new Map();
      for (const f of failures) {
        const key = f.status === 0 ? f.error : `HTTP ${f.status}`;
        kinds.set(key, (kinds.get(key) ?? 0) + 1);
      }
      for (const [key, n] of kinds) problems.push(`  ${n} × ${key}`);
    }

    const sizes = await pool.query(
      `select pg_size_pretty(pg_total_relation_size('app.tasks')) as tasks,
              pg_size_pretty(pg_relation_size('app.tasks')) as heap,
              pg_size_pretty(pg_total_relation_size('app.task_events')) as events`,
    );
    await printMachine(pool, (performance.now() - runStarted) / 1000, [
      `tasks: ${taskSeed.summary}; seeded in ${taskSeed.seconds.toFixed(0)} s`,
      `app.tasks ${sizes.rows[0].tasks} (heap ${sizes.rows[0].heap}), app.task_events ${sizes.rows[0].events}; pool of 10 connections as the product`,
    ]);
  } finally {
    await server.close();
    await database.stop();
  }
  printProblems(problems);

  /** Latency percentiles of the successful requests, and the count of failed ones. */
  function summarise(results) {
    const ok = results.filter((r) => r.status === 200);
    return {
      ...percentiles(ok.map((r) => r.ms)),
      n: results.length,
      errors: results.length - ok.length,
    };
  }
}

// ---- the tasks ----------------------------------------------------------------------------------

/**
 * The user tasks of the processes in processes/ (candidate groups and forms as the BPMN files have
 * them) with their share per 1,000 tasks: every resident gets an RT delivery, a counter check, a
 * recording and a handover; the rest are exceptions, escalations and office work. `scope` says
 * whose kelurahan the task carries: a resident's, a batch's, or none (Dinas and staff matters).
 */
const taskTemplates = [
  ['ektp-invitation', 'deliver', ['ketua-rt'], 'ektp:antar-undangan', 210, 'resident'],
  [
    'ektp-invitation',
    'home-visit',
    ['staf-kelurahan', 'ketua-rt'],
    'ektp:jemput-bola',
    40,
    'resident',
  ],
  ['ektp-invitation-batch', 'sign', ['camat', 'sekcam'], 'ektp:tandatangani-undangan', 4, 'batch'],
  [
    'ektp-invitation-batch',
    'distribute',
    ['staf-kelurahan', 'lurah'],
    'ektp:bagikan-undangan',
    8,
    'batch',
  ],
  [
    'ektp-recording',
    'check-requirements',
    ['petugas-loket'],
    'ektp:periksa-persyaratan',
    185,
    'resident',
  ],
  ['ektp-recording', 'capture', ['operator-perekaman'], 'ektp:rekam-biometrik', 185, 'resident'],
  ['ektp-recording', 'restore-station', ['kasi'], 'ektp:pulihkan-stasiun', 3, 'none'],
  ['ektp-activation', 'handover', ['petugas-loket'], 'ektp:serahkan-ktp', 165, 'resident'],
  [
    'ektp-activation',
    'recheck',
    ['dinas-siak', 'petugas-loket'],
    'ektp:periksa-sidik-jari',
    10,
    'resident',
  ],
  [
    'ektp-central-clearance',
    'handle-duplicate',
    ['dinas-siak'],
    'ektp:tangani-rekaman-ganda',
    8,
    'resident',
  ],
  ['ektp-correction', 'fix-data', ['dinas-siak'], 'ektp:perbaiki-biodata', 20, 'resident'],
  ['ektp-blanko-stock', 'request', ['dinas-gudang'], 'ektp:ajukan-blanko', 2, 'none'],
  ['sla-escalation', 'handle', ['lurah'], 'ektp:tindak-lanjut-eskalasi', 60, 'resident'],
  ['sla-escalation', 'handle', ['kasi'], 'ektp:tindak-lanjut-eskalasi', 70, 'resident'],
  ['sla-escalation', 'handle', ['sekcam'], 'ektp:tindak-lanjut-eskalasi', 20, 'resident'],
  ['sla-escalation', 'handle', ['camat'], 'ektp:tindak-lanjut-eskalasi', 7, 'resident'],
  ['staff-discipline', 'examine', ['kasi'], 'ektp:periksa-pegawai', 2, 'none'],
  ['staff-discipline', 'decide', ['camat'], 'ektp:putuskan-disiplin', 1, 'none'],
];

const chunkSize = 100_000;

/**
 * Inserts `taskCount` tasks with insert … select generate_series, 100,000 per statement, in the
 * order they were created (as the user-task worker writes them, so old, completed tasks fill the
 * first pages of the table and the open ones the last), and their history (CLAIMED for every task
 * with an assignee, COMPLETED for every completed one), then vacuums and analyzes as autovacuum
 * would after a bulk load.
 *
 * The open share (`openShare`, default 12 %) is a stress choice, not an office's steady state (a
 * kecamatan keeps a few days of work open): the last 16 % of tasks were created in the past
 * 18 days and three in four of them are still open (the younger, the likelier); each is due 2–14
 * days after its creation, so about half of the open tasks are overdue; one in five is claimed.
 * The tasks before them spread over three years and are completed (98.5 %, 85 % of them claimed
 * first) or cancelled. Whoever claims or completes a task holds its first candidate group: for
 * kelurahan roles in the task's kelurahan (the RT of the resident's own RT), for counter and
 * recording work one of the three desks. So that every way of seeing a task is exercised, about
 * 1 % of tasks are also offered to a person (candidate_users: operator-1, or a kelurahan's first
 * staff member) and about 1 % of open ones were handed by the Kasi to loket-1, outside its role.
 */
async function seedTasks(pool, { taskCount, openShare, now }) {
  const started = performance.now();
  const recentShare = Math.min(0.95, openShare / 0.75);
  const history = Math.round(taskCount * (1 - recentShare));
  const client = await pool.connect();
  try {
    await client.query(
      `create temporary table bench_residents as
         select row_number() over (order by nik)::int as rn, nik, full_name, kelurahan_code, rw, rt
           from app.residents`,
    );
    await client.query(`alter table bench_residents add primary key (rn)`);
    const { rows: counted } = await client.query(`select count(*)::int as n from bench_residents`);
    const residents = counted[0].n;
    const weights = taskTemplates.map((t) => t[4]);
    const totalWeight = weights.reduce((a, b) => a + b, 0);
    let upto = 0;
    const bounds = weights.map((w) => (upto += w));
    await client.query(
      `create temporary table bench_templates as
         select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::int[], $7::text[])
           as t(process, step, groups_csv, form_key, lo, hi, scope)`,
      [
        taskTemplates.map((t) => t[0]),
        taskTemplates.map((t) => t[1]),
        taskTemplates.map((t) => t[2].join(',')),
        taskTemplates.map((t) => t[3]),
        bounds.map((b, i) => b - weights[i]),
        bounds,
        taskTemplates.map((t) => t[5]),
      ],
    );
    await client.query(`select setseed(0.157108)`);
    for (let first = 1; first <= taskCount; first += chunkSize) {
      const last = Math.min(taskCount, first + chunkSize - 1);
      const { rows: before } = await client.query(
        `select coalesce(max(id), 0) as id from app.tasks`,
      );
      await client.query('begin');
      await client.query(insertTasksSql, [
        first,
        last,
        totalWeight,
        residents,
        history,
        taskCount,
        new Date(now),
      ]);
      await client.query(insertEventsSql, [before[0].id]);
      await client.query('commit');
      console.error(
        `  … ${last.toLocaleString('en')} of ${taskCount.toLocaleString('en')} tasks after ${((performance.now() - started) / 1000).toFixed(0)} s`,
      );
    }
    const { rows: missing } = await client.query(
      `select count(*)::int as n from app.tasks t
        where (t.assignee is not null and not exists (select 1 from app.staff s where s.id = t.assignee))
           or (t.completed_by is not null and not exists (select 1 from app.staff s where s.id = t.completed_by))`,
    );
    if (missing[0].n > 0) throw new Error(`${missing[0].n} tasks name staff who do not exist`);
    console.error('  … vacuum analyze');
    await client.query('vacuum (analyze) app.tasks, app.task_events');
    const { rows } = await client.query(
      `select count(*)::int as total,
              count(*) filter (where state = 'CREATED')::int as open,
              count(*) filter (where state = 'CREATED' and due_at < $1)::int as overdue,
              count(*) filter (where state = 'CREATED' and assignee is not null)::int as claimed,
              count(*) filter (where state = 'COMPLETED')::int as completed,
              count(*) filter (where state = 'CANCELED')::int as canceled,
              (select count(*)::int from app.task_events) as events,
              avg(pg_column_size(variables))::int as variables_bytes
         from app.tasks`,
      [new Date(now)],
    );
    const s = rows[0];
    const pct = (n) => `${((n / s.total) * 100).toFixed(1)} %`;
    return {
      seconds: (performance.now() - started) / 1000,
      summary:
        `${s.total.toLocaleString('en')} (open ${s.open.toLocaleString('en')} = ${pct(s.open)}, of them ` +
        `${s.overdue.toLocaleString('en')} overdue and ${s.claimed.toLocaleString('en')} claimed; completed ${pct(s.completed)}, ` +
        `canceled ${pct(s.canceled)}), ${s.events.toLocaleString('en')} history events, variables ≈${s.variables_bytes} B per task`,
    };
  } finally {
    client.release();
  }
}

// $1..$2 the series, $3 the templates' total weight, $4 residents, $5 the tasks before the
// recent ones, $6 all tasks, $7 now.
const insertTasksSql = `
with draw as (
  select g, floor(random() * $3)::int as bucket, random() as r_state, random() as r_due,
         random() as r_done, random() as r_claim, random() as r_desk,
         1 + (hashint8(g) & 2147483647) % $4 as rn,
         case when g <= $5 then null else ($6 - g)::float8 / greatest($6 - $5, 1) end as recent_age
    from generate_series($1::bigint, $2::bigint) g
), task as (
  select d.*, t.process, t.step, string_to_array(t.groups_csv, ',') as groups, t.form_key, t.scope,
         r.nik, r.full_name, r.kelurahan_code as kel, r.rw, r.rt,
         case when d.recent_age is null
              then case when d.r_state < 0.015 then 'CANCELED' else 'COMPLETED' end
              when d.r_state < 0.95 - 0.4 * d.recent_age then 'CREATED'
              when d.r_state < 0.96 - 0.4 * d.recent_age then 'CANCELED'
              else 'COMPLETED' end as state,
         case when d.recent_age is null
              then $7::timestamptz - interval '18 days' - (($5 - d.g)::float8 / $5) * interval '1095 days'
              else $7::timestamptz - d.recent_age * interval '18 days' end as created
    from draw d
    join bench_templates t on d.bucket >= t.lo and d.bucket < t.hi
    join bench_residents r on r.rn = d.rn
), staffed as (
  select k.*,
         case k.groups[1]
           when 'ketua-rt' then 'rt-' || right(k.kel, 4) || '-' || lpad(k.rw::text, 2, '0') || '-' || lpad(k.rt::text, 2, '0')
           when 'staf-kelurahan' then 'staf-' || right(k.kel, 4) || '-' || (1 + k.g % 2)
           when 'lurah' then 'lurah-' || right(k.kel, 4)
           when 'petugas-loket' then 'loket-' || (1 + floor(k.r_desk * 3)::int)
           when 'operator-perekaman' then 'operator-' || (1 + floor(k.r_desk * 3)::int)
           else k.groups[1] end as staff_id,
         k.created + (2 + floor(k.r_due * 13)::int) * interval '1 day' as due,
         least(k.created + power(k.r_done, 3) * interval '20 days' + interval '5 minutes',
               $7::timestamptz - interval '1 minute') as done
    from task k
)
insert into app.tasks (job_key, process_instance_key, bpmn_process_id, process_definition_version,
  element_id, element_instance_key, assignee, candidate_groups, candidate_users, form_key, due_at,
  follow_up_at, variables, kelurahan_code, state, created_at, last_seen_at, completed_at, completed_by)
select 2251799813685248 + s.g * 8, 2251799813685248 + (s.g / 4) * 8 + 1, s.process, 1 + s.g % 3,
       s.step, 2251799813685248 + s.g * 8 - 2,
       case when s.state = 'CREATED' and s.g % 83 = 0 then 'loket-1'
            when s.state = 'CREATED' and s.r_claim < 0.2 then s.staff_id
            when s.state = 'COMPLETED' and s.r_claim < 0.85 then s.staff_id end,
       s.groups,
       case when s.g % 97 = 0 then array['operator-1']
            when s.g % 89 = 0 and s.scope <> 'none' then array['staf-' || right(s.kel, 4) || '-1']
            else '{}' end,
       s.form_key,
       case when s.step <> 'request' then s.due end, null,
       case s.scope
         when 'resident' then jsonb_build_object(
           'nik', s.nik, 'residentName', s.full_name, 'kelurahanCode', s.kel, 'rw', s.rw, 'rt', s.rt,
           'lifecycleKey', (2251799813685248 + (s.g / 4) * 8 + 1)::text, 'attempt', 1 + s.g % 2,
           'invitationNo', 'UND/' || right(s.kel, 4) || '/' || extract(year from s.created) || '/' || s.g,
           'slotDate', to_char(s.created + interval '3 days', 'YYYY-MM-DD'), 'channel', 'RT',
           'phone', '0812' || lpad((s.g % 100000000)::text, 8, '0'))
         when 'batch' then jsonb_build_object(
           'kelurahanCode', s.kel, 'batchId', 'BATCH-' || right(s.kel, 4) || '-' || s.g,
           'residentCount', 20 + s.g % 80)
         else jsonb_build_object('reason', 'bench', 'ref', s.g) end,
       case when s.scope <> 'none' then s.kel end,
       s.state, s.created,
       case when s.state = 'CREATED' then $7::timestamptz - s.r_claim * interval '5 minutes' else s.done end,
       case when s.state = 'COMPLETED' then s.done end,
       case when s.state = 'COMPLETED' then s.staff_id end
  from staffed s
 order by s.g`;

// $1: the highest task id before the chunk.
const insertEventsSql = `
insert into app.task_events (task_id, kind, actor, assignee, at)
select t.id, e.kind, e.actor, e.assignee, e.at
  from app.tasks t
 cross join lateral (values
   ('CLAIMED', coalesce(t.completed_by, t.assignee), coalesce(t.completed_by, t.assignee), t.created_at + interval '2 minutes'),
   ('COMPLETED', t.completed_by, t.completed_by, t.completed_at)) as e(kind, actor, assignee, at)
 where t.id > $1
   and ((e.kind = 'CLAIMED' and t.assignee is not null) or (e.kind = 'COMPLETED' and t.completed_by is not null))
 order by t.id, e.at`;

/**
 * What the user-task worker does to the table every 5 minutes: each open task's job comes back
 * after its activation timeout and is stored again, which rewrites the row's last_seen_at — one
 * statement per job, in activation (job key) order. It leaves new row versions, dead ones and (for
 * the updates that are not HOT) new index entries until autovacuum runs; the inbox is measured
 * again in that state. synchronous_commit is off for this session only, to make it quick; that
 * changes nothing on the pages.
 */
async function userTaskWorkerPass(pool) {
  const started = performance.now();
  const client = await pool.connect();
  try {
    const stats = async () =>
      (
        await client.query(
          `select n_tup_upd::int as updates, n_tup_hot_upd::int as hot from pg_stat_user_tables where relid = 'app.tasks'::regclass`,
        )
      ).rows[0];
    await client.query('select pg_stat_force_next_flush()');
    const before = await stats();
    await client.query('set synchronous_commit = off');
    const { rows } = await client.query(
      `select job_key::text from app.tasks where state = 'CREATED' order by job_key`,
    );
    for (const [i, { job_key }] of rows.entries()) {
      await client.query(`update app.tasks set last_seen_at = $2 where job_key = $1`, [
        job_key,
        new Date(),
      ]);
      if ((i + 1) % 50_000 === 0)
        console.error(
          `  … worker pass: ${(i + 1).toLocaleString('en')} of ${rows.length.toLocaleString('en')}`,
        );
    }
    await client.query('reset synchronous_commit');
    await client.query('select pg_stat_force_next_flush()');
    const after = await stats();
    await client.query('analyze app.tasks');
    return {
      touched: rows.length,
      seconds: (performance.now() - started) / 1000,
      hotPercent: (
        ((after.hot - before.hot) / Math.max(1, after.updates - before.updates)) *
        100
      ).toFixed(0),
    };
  } finally {
    client.release();
  }
}

/**
 * The open tasks `caller` may see with these filters, counted straight from the tasklist's
 * definition of visible (the check of the API's totals, which are counted another way).
 */
async function visibleOpenCount(pool, caller, filters = {}) {
  const supervisor = caller.roles.some((r) => ['kasi', 'sekcam', 'camat', 'admin'].includes(r));
  const scoped = caller.roles.every((r) => ['ketua-rt', 'staf-kelurahan', 'lurah'].includes(r));
  const { rows } = await pool.query(
    `select count(*)::int as n from app.tasks
      where state = 'CREATED'
        and ($5 or assignee = $1 or candidate_groups && $2::text[] or $1 = any(candidate_users))
        and ($3::text is null or kelurahan_code = $3)
        and (not $4 or assignee = $1)
        and ($6::timestamptz is null or due_at < $6)
        and ($7::text is null or element_id = $7)
        and ($8::text is null or bpmn_process_id = $8)
        and ($9::text is null or kelurahan_code = $9)`,
    [
      caller.login,
      caller.roles,
      scoped ? caller.unitCode : null,
      filters.mine === true,
      supervisor,
      filters.overdueAt ?? null,
      filters.step ?? null,
      filters.process ?? null,
      filters.kelurahan ?? null,
    ],
  );
  return rows[0].n;
}

function isDueOrdered(items) {
  for (let i = 1; i < items.length; i++) {
    const [a, b] = [items[i - 1].dueAt, items[i].dueAt];
    if (a !== null && b !== null && a > b) return false;
    if (a === null && b !== null) return false;
  }
  return true;
}

/** Open, unclaimed tasks each caller may claim, none shared between two callers or runs (`taken`). */
async function assignClaimable(pool, callers, perCaller, taken) {
  for (const caller of callers) {
    const scoped = caller.roles.every((r) => ['ketua-rt', 'staf-kelurahan', 'lurah'].includes(r));
    const { rows } = await pool.query(
      `select id::text from app.tasks
        where state = 'CREATED' and assignee is null and candidate_groups && $1::text[]
          and ($2::text is null or kelurahan_code = $2) and not (id = any($3::bigint[]))
        order by id limit $4`,
      [caller.roles, scoped ? caller.unitCode : null, taken, perCaller],
    );
    caller.claimable = rows.map((r) => r.id);
    taken.push(...caller.claimable);
  }
}

/**
 * `total` requests in a shuffled order: inbox pages and filters, details and histories of tasks the
 * caller saw, and `pairCount` claim/unclaim pairs — the unclaim is due 10 slots (50 ms at 200/s)
 * after its claim and is sent once the claim has answered.
 */
function mixedPlan(callers, total, pairCount) {
  const random = seededRandom(157_108);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const kelurahan = ['1001', '1002', '1003', '1004', '1005', '1006', '1007'].map(
    (k) => `15.71.08.${k}`,
  );
  const kinds = [
    [30, 'inbox page 1', () => '/api/tasks'],
    [8, 'inbox page 2–3', () => `/api/tasks?page=${2 + Math.floor(random() * 2)}`],
    [10, 'mine=true', () => '/api/tasks?mine=true'],
    [10, 'overdue=true', () => '/api/tasks?overdue=true'],
    [8, 'step filter', (c) => `/api/tasks?step=${c.step}`],
    [8, 'process filter', (c) => `/api/tasks?process=${c.process}`],
    [4, 'kelurahan filter', (c) => `/api/tasks?kelurahan=${c.kelurahan ?? pick(kelurahan)}`],
    [12, 'task detail', (c) => `/api/tasks/${pick(c.readable)}`],
    [10, 'task history', (c) => `/api/tasks/${pick(c.readable)}/history`],
  ];
  for (const c of callers)
    if (c.roles.every((r) => ['ketua-rt', 'staf-kelurahan', 'lurah'].includes(r)))
      c.kelurahan = c.unitCode;
  const weight = kinds.reduce((a, [w]) => a + w, 0);
  const plan = new Array(total);
  // Claim/unclaim pairs on their own slots, spread over the run.
  const cursor = new Map(callers.map((c) => [c, 0]));
  for (let p = 0; p < pairCount; p++) {
    const slot = Math.floor(((p + 0.5) * (total - 12)) / pairCount);
    const free = (s) => (plan[s] ? free(s + 1) : s);
    const claimAt = free(slot);
    const caller = callers[p % callers.length];
    const id = caller.claimable[cursor.get(caller)];
    if (id === undefined) continue;
    cursor.set(caller, cursor.get(caller) + 1);
    const post = (what) => ({
      label: `${what} (POST)`,
      method: 'POST',
      path: `/api/tasks/${id}/${what}`,
      headers: { cookie: caller.cookie, 'x-csrf-token': caller.csrf, 'content-length': '0' },
    });
    plan[claimAt] = post('claim');
    plan[free(claimAt + 10)] = { ...post('unclaim'), after: claimAt };
  }
  for (let i = 0; i < total; i++) {
    if (plan[i]) continue;
    const caller = callers[Math.floor(random() * callers.length)];
    let draw = random() * weight;
    const kind = kinds.find(([w]) => (draw -= w) < 0) ?? kinds[0];
    plan[i] = {
      label: kind[1],
      method: 'GET',
      path: kind[2](caller),
      headers: { cookie: caller.cookie },
    };
  }
  return plan;
}

function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---- SQL recording and plans --------------------------------------------------------------------

/** The pool the app gets: it notes the text and values of each pool.query while recording. */
function recordingPool(pool) {
  let recorded;
  const wrapped = new Proxy(pool, {
    get(target, property) {
      if (property === 'query')
        return (text, values, ...rest) => {
          if (recorded && typeof text === 'string') recorded.push({ text, values });
          return target.query(text, values, ...rest);
        };
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return {
    pool: wrapped,
    start: () => {
      recorded = [];
    },
    stop: () => {
      const list = recorded;
      recorded = undefined;
      return list;
    },
  };
}

/** EXPLAIN (ANALYZE, BUFFERS) of a recorded query, as one line: node chain, rows, buffers, time. */
async function explain(pool, { text, values }) {
  const { rows } = await pool.query(`explain (analyze, buffers, format json) ${text}`, values);
  const root = rows[0]['QUERY PLAN'][0];
  const describe = (node) => {
    const name =
      node['Node Type'] +
      (node['Index Name'] ? ` ${node['Index Name']}` : '') +
      (node['Sort Method']
        ? ` (${node['Sort Method']}${node['Sort Space Type'] === 'Disk' ? ', disk' : ''})`
        : '') +
      ` rows=${node['Actual Rows']}` +
      (node['Rows Removed by Filter'] ? ` removed=${node['Rows Removed by Filter']}` : '');
    const children = (node.Plans ?? []).map(describe);
    if (children.length === 0) return name;
    if (children.length === 1) return `${name} → ${children[0]}`;
    return `${name} → [${children.join(' | ')}]`;
  };
  const p = root.Plan;
  const buffers = (p['Shared Hit Blocks'] ?? 0) + (p['Shared Read Blocks'] ?? 0);
  return {
    summary: `${describe(p)}; ${buffers} buffers, temp ${(p['Temp Written Blocks'] ?? 0) * 8} kB; execution ${root['Execution Time'].toFixed(1)} ms`,
  };
}

// ---- HTTP: the load generator and its client ---------------------------------------------------

/** One HTTP request; resolves (never rejects) with the status, body and time to the last byte. */
function send(agent, base, { method, path, headers, body }) {
  return new Promise((resolve) => {
    const started = performance.now();
    const request = http.request(`${base}${path}`, { method, agent, headers }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode,
          headers: response.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          ms: performance.now() - started,
        }),
      );
      response.on('error', (error) =>
        resolve({ status: 0, error: error.message, ms: performance.now() - started }),
      );
    });
    request.setTimeout(10_000, () => request.destroy(new Error('no answer within 10 s')));
    request.on('error', (error) =>
      resolve({ status: 0, error: error.message, ms: performance.now() - started }),
    );
    request.end(body);
  });
}

/** The load generator in a child process, so that it takes no time from the server's event loop. */
function startGenerator() {
  const child = fork(thisFile, ['--load-generator'], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let pending;
  child.on('message', (message) => pending?.resolve(message));
  child.on('exit', (code) => pending?.reject(new Error(`the load generator exited with ${code}`)));
  return {
    run(job) {
      return new Promise((resolve, reject) => {
        pending = { resolve, reject };
        child.send(job);
      });
    },
    stop() {
      return new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.disconnect();
      });
    },
  };
}

/**
 * The child: `sequential` sends one request after the other (the first `warmup` not counted);
 * `open` sends request i at start + i/rate whether or not earlier ones have answered (an open
 * loop: a slow server gets a queue, not a pause), except an unclaim, which waits for its claim.
 * Latency is from sending to the last byte of the answer; the lag of each send behind its
 * schedule is reported separately.
 */
async function loadGenerator() {
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  process.on('message', async (job) => {
    const cpu = process.cpuUsage();
    const started = performance.now();
    const results = [];
    const lags = [];
    let cut = false;
    if (job.mode === 'sequential') {
      const deadline = started + (job.limitMs ?? Infinity);
      for (const [i, request] of job.requests.entries()) {
        if (performance.now() > deadline) {
          cut = true;
          break;
        }
        const answer = await send(agent, job.base, request);
        if (i >= job.warmup)
          results.push({
            label: request.label,
            status: answer.status,
            ms: answer.ms,
            error: answer.error,
          });
      }
    } else {
      const inFlight = new Array(job.requests.length);
      const interval = 1000 / job.rate;
      for (const [i, request] of job.requests.entries()) {
        const due = started + i * interval;
        const wait = due - performance.now();
        if (wait > 1) await sleep(wait);
        lags.push(performance.now() - due);
        const go = async () => {
          if (request.after !== undefined) await inFlight[request.after];
          const answer = await send(agent, job.base, request);
          results.push({
            label: request.label,
            status: answer.status,
            ms: answer.ms,
            error: answer.error,
          });
        };
        inFlight[i] = go();
      }
      await Promise.all(inFlight);
    }
    const elapsedMs = performance.now() - started;
    const used = process.cpuUsage(cpu);
    const sorted = lags.sort((a, b) => a - b);
    const at = (q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
    process.send({
      results,
      cut,
      elapsedMs,
      lag: sorted.length ? { p99: at(0.99), max: sorted[sorted.length - 1] } : undefined,
      cpu: `${(((used.user + used.system) / 1000 / elapsedMs) * 100).toFixed(0)}%`,
    });
  });
  process.on('disconnect', () => {
    agent.destroy();
    process.exit(0);
  });
}

// Last, so that the constants above exist when it runs.
if (process.argv[2] === '--load-generator') await loadGenerator();
else await main();
