-- Staff and their roles, logins and attendance; the work calendar's holidays; service levels,
-- their breaches and escalations; disciplinary cases; notifications sent
-- (shared/DOMAIN.md "Default service levels", "Roles"; research §5, §8).

-- The roles of the product. They are also the BPMN candidate groups of the user tasks, so a
-- misspelt group in a policy or a breach would hand a task to nobody: every column that names a
-- group takes this domain.
create domain app.role_name as text check (value in (
  'ketua-rt', 'staf-kelurahan', 'lurah', 'petugas-loket', 'operator-perekaman', 'kasi', 'sekcam',
  'camat', 'dinas-siak', 'dinas-cetak', 'dinas-gudang', 'kadis', 'perancang-proses', 'admin',
  'auditor'
));

-- How a due time is counted. WORKING_* follow the work calendar (office hours, weekends,
-- holidays below); MINUTES and CALENDAR_DAYS do not.
create domain app.sla_unit as text check (value in (
  'WORKING_DAYS', 'WORKING_MINUTES', 'MINUTES', 'CALENDAR_DAYS'
));

create table app.staff (
  -- The login name.
  id text primary key check (id ~ '^[a-z0-9.\-]+$'),
  name text not null check (btrim(name) <> ''),
  -- NIP of a civil servant (PNS) or NI PPPK: 18 digits. Contract staff have none.
  nip text unique check (nip ~ '^\d{18}$'),
  employment text not null check (employment in ('PNS', 'PPPK', 'NON_ASN')),
  -- A kelurahan, the kecamatan (15.71.08) or the Dinas (15.71): what scopes the staff's work.
  unit_code text not null references app.regions (code),
  position text not null check (btrim(position) <> ''),
  -- The atasan langsung, who must summon and examine under PP 94/2021 Pasal 26.
  superior_id text references app.staff (id),
  active boolean not null default true,
  constraint staff_no_nip_for_contract_staff check (employment <> 'NON_ASN' or nip is null),
  constraint staff_not_own_superior check (superior_id <> id)
);

create index staff_superior_idx on app.staff (superior_id);
create index staff_unit_idx on app.staff (unit_code);

create table app.staff_roles (
  staff_id text not null references app.staff (id) on delete cascade,
  role app.role_name not null,
  primary key (staff_id, role)
);

create index staff_roles_role_idx on app.staff_roles (role);

-- The recording operator of an enrolment (app.enrolments comes before staff, in 0005).
alter table app.enrolments
  add constraint enrolments_operator_id_fkey foreign key (operator_id) references app.staff (id);

-- Logins. Passwords are stored as `scrypt$N$r$p$salt$hash` (salt and hash base64): scrypt is
-- memory-hard, and keeping its parameters with each hash lets them be raised later while old
-- hashes still verify.
create table app.users (
  staff_id text primary key references app.staff (id) on delete cascade,
  password_hash text not null
    check (password_hash ~ '^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/]+={0,2}\$[A-Za-z0-9+/]+={0,2}$'),
  failed_logins integer not null default 0 check (failed_logins >= 0),
  locked_until timestamptz,
  created_at timestamptz not null default now()
);

-- One row per staff member and working day; absences without a valid reason feed the PP 94/2021
-- discipline rules (3 days a year → verbal reprimand, …).
create table app.attendance (
  staff_id text not null references app.staff (id),
  day date not null,
  status text not null check (status in (
    'HADIR', 'IZIN', 'SAKIT', 'CUTI', 'DINAS_LUAR', 'TANPA_KETERANGAN'
  )),
  first_login_at timestamptz,
  minutes_late integer not null default 0 check (minutes_late >= 0),
  primary key (staff_id, day),
  -- Only someone who came can have come late.
  constraint attendance_late_only_when_present check (status = 'HADIR' or minutes_late = 0)
);

create index attendance_absent_idx on app.attendance (staff_id, day) where status = 'TANPA_KETERANGAN';

-- Public holidays and cuti bersama: not working days for the work calendar, so deadlines move.
create table app.holidays (
  day date primary key,
  name text not null check (btrim(name) <> ''),
  kind text not null check (kind in ('LIBUR_NASIONAL', 'CUTI_BERSAMA'))
);

-- 2026: SKB Menteri Agama, Menteri Ketenagakerjaan dan Menteri PANRB No. 1497, 2 dan 5 Tahun 2025
-- (19 September 2025): 17 libur nasional and 8 cuti bersama. Later years are added by a new
-- migration or by an administrator once their SKB is published (the Islamic dates move every
-- year and are only fixed by it).
insert into app.holidays (day, name, kind) values
  ('2026-01-01', 'Tahun Baru 2026 Masehi', 'LIBUR_NASIONAL'),
  ('2026-01-16', 'Isra Mikraj Nabi Muhammad SAW', 'LIBUR_NASIONAL'),
  ('2026-02-16', 'Cuti bersama Tahun Baru Imlek 2577 Kongzili', 'CUTI_BERSAMA'),
  ('2026-02-17', 'Tahun Baru Imlek 2577 Kongzili', 'LIBUR_NASIONAL'),
  ('2026-03-18', 'Cuti bersama Hari Suci Nyepi Tahun Baru Saka 1948', 'CUTI_BERSAMA'),
  ('2026-03-19', 'Hari Suci Nyepi Tahun Baru Saka 1948', 'LIBUR_NASIONAL'),
  ('2026-03-20', 'Cuti bersama Idul Fitri 1447 Hijriah', 'CUTI_BERSAMA'),
  ('2026-03-21', 'Idul Fitri 1447 Hijriah', 'LIBUR_NASIONAL'),
  ('2026-03-22', 'Idul Fitri 1447 Hijriah', 'LIBUR_NASIONAL'),
  ('2026-03-23', 'Cuti bersama Idul Fitri 1447 Hijriah', 'CUTI_BERSAMA'),
  ('2026-03-24', 'Cuti bersama Idul Fitri 1447 Hijriah', 'CUTI_BERSAMA'),
  ('2026-04-03', 'Wafat Yesus Kristus', 'LIBUR_NASIONAL'),
  ('2026-04-05', 'Kebangkitan Yesus Kristus (Paskah)', 'LIBUR_NASIONAL'),
  ('2026-05-01', 'Hari Buruh Internasional', 'LIBUR_NASIONAL'),
  ('2026-05-14', 'Kenaikan Yesus Kristus', 'LIBUR_NASIONAL'),
  ('2026-05-15', 'Cuti bersama Kenaikan Yesus Kristus', 'CUTI_BERSAMA'),
  ('2026-05-27', 'Idul Adha 1447 Hijriah', 'LIBUR_NASIONAL'),
  ('2026-05-28', 'Cuti bersama Idul Adha 1447 Hijriah', 'CUTI_BERSAMA'),
  ('2026-05-31', 'Hari Raya Waisak 2570 BE', 'LIBUR_NASIONAL'),
  ('2026-06-01', 'Hari Lahir Pancasila', 'LIBUR_NASIONAL'),
  ('2026-06-16', 'Tahun Baru Islam 1448 Hijriah', 'LIBUR_NASIONAL'),
  ('2026-08-17', 'Proklamasi Kemerdekaan Republik Indonesia', 'LIBUR_NASIONAL'),
  ('2026-08-25', 'Maulid Nabi Muhammad SAW', 'LIBUR_NASIONAL'),
  ('2026-12-24', 'Cuti bersama Kelahiran Yesus Kristus', 'CUTI_BERSAMA'),
  ('2026-12-25', 'Kelahiran Yesus Kristus', 'LIBUR_NASIONAL');

-- The service level of one kind of step. The values are defaults (research §8, all [I] unless a
-- legal basis is given) that an office changes here, not in the BPMN diagrams.
create table app.sla_policies (
  code text primary key check (code ~ '^[A-Z][A-Z0-9_]*$'),
  step_name text not null check (btrim(step_name) <> ''),
  -- 0 WORKING_DAYS means "the same working day", by closing time; 0 of any other unit means
  -- nothing, so it is refused.
  due_amount integer not null check (due_amount >= 0),
  due_unit app.sla_unit not null,
  legal_basis text check (btrim(legal_basis) <> ''),
  updated_at timestamptz not null default now(),
  constraint sla_policies_zero_only_as_same_day check (due_amount > 0 or due_unit = 'WORKING_DAYS')
);

-- Who hears of an overdue step, and when. after_amount counts from the start of the step, like
-- the due time, so level 1 usually falls due together with the step.
create table app.sla_escalation_levels (
  policy_code text not null references app.sla_policies (code) on delete cascade,
  level smallint not null check (level between 1 and 4),
  after_amount integer not null check (after_amount > 0),
  after_unit app.sla_unit not null,
  candidate_group app.role_name not null,
  -- Levels follow on without a gap: the escalation process promotes a breach from level n to
  -- n + 1, and a missing level would stop it there.
  previous_level smallint generated always as (nullif(level - 1, 0)) stored,
  primary key (policy_code, level),
  foreign key (policy_code, previous_level) references app.sla_escalation_levels (policy_code, level)
);

insert into app.sla_policies (code, step_name, due_amount, due_unit, legal_basis) values
  ('INVITATION_SIGN', 'Camat menandatangani surat undangan perekaman', 2, 'WORKING_DAYS',
    'Permendagri 9/2011: Camat menandatangani surat panggilan'),
  ('INVITATION_DISTRIBUTE', 'Kelurahan menyerahkan surat undangan kepada Ketua RT', 2, 'WORKING_DAYS', null),
  ('INVITATION_DELIVER', 'Ketua RT menyampaikan surat undangan kepada warga', 5, 'WORKING_DAYS', null),
  ('RESIDENT_ATTEND', 'Warga datang perekaman setelah menerima undangan', 10, 'WORKING_DAYS', null),
  ('QUEUE_WAIT', 'Warga menunggu panggilan di loket', 60, 'MINUTES',
    'Permendagri 19/2018: layanan dokumen prioritas selesai dalam 1 jam'),
  ('STATION_OUTAGE', 'Gangguan alat perekaman atau jaringan diatasi', 30, 'MINUTES', null),
  ('SEND_TO_CENTRAL', 'Data hasil perekaman dikirim ke pusat', 0, 'WORKING_DAYS', null),
  ('CENTRAL_RECEIPT', 'Data perekaman diterima di pusat', 3, 'WORKING_DAYS', null),
  ('CENTRAL_PRR', 'Data perekaman siap cetak (PRR)', 14, 'WORKING_DAYS', null),
  ('PRINT', 'KTP-el dicetak setelah PRR dan blanko tersedia', 1, 'WORKING_DAYS', null),
  ('SUKET_ISSUE', 'Surat keterangan diterbitkan saat blanko kosong', 0, 'WORKING_DAYS',
    'SE Dirjen Dukcapil 471.13/10231/Dukcapil (2016) dan 471.13/6153/Dukcapil (2019)'),
  ('CARD_NOTIFY', 'Warga diberi tahu KTP-el siap diambil', 1, 'WORKING_DAYS', null),
  ('CARD_COLLECT', 'Warga mengambil KTP-el di kantor camat', 10, 'WORKING_DAYS', null),
  ('REPRINT_DEFECT', 'KTP-el salah cetak dicetak ulang', 1, 'WORKING_DAYS', null),
  ('REPRINT_DATA', 'Data salah diperbaiki dan KTP-el dicetak ulang', 3, 'WORKING_DAYS', null),
  ('DUPLICATE_CASE', 'Kasus rekam ganda (duplicate record) diselesaikan', 30, 'WORKING_DAYS', null),
  ('ESCALATION_ACK', 'Eskalasi ditanggapi oleh penerimanya', 240, 'WORKING_MINUTES', null),
  ('DISCIPLINE_EXAMINE', 'Atasan langsung memanggil dan memeriksa pegawai', 7, 'WORKING_DAYS',
    'PP 94/2021 Pasal 26 dan 28');

-- RESIDENT_ATTEND has no level: the invitation process itself sends a second invitation and then
-- lists the resident for a home visit. ESCALATION_ACK has none either: an unacknowledged
-- escalation is promoted to the next level of the breached step's own policy.
insert into app.sla_escalation_levels (policy_code, level, after_amount, after_unit, candidate_group) values
  ('INVITATION_SIGN', 1, 2, 'WORKING_DAYS', 'sekcam'),
  ('INVITATION_SIGN', 2, 4, 'WORKING_DAYS', 'camat'),
  ('INVITATION_DISTRIBUTE', 1, 2, 'WORKING_DAYS', 'lurah'),
  ('INVITATION_DISTRIBUTE', 2, 4, 'WORKING_DAYS', 'camat'),
  ('INVITATION_DELIVER', 1, 5, 'WORKING_DAYS', 'lurah'),
  ('INVITATION_DELIVER', 2, 7, 'WORKING_DAYS', 'camat'),
  ('QUEUE_WAIT', 1, 60, 'MINUTES', 'kasi'),
  ('QUEUE_WAIT', 2, 120, 'MINUTES', 'camat'),
  ('STATION_OUTAGE', 1, 30, 'MINUTES', 'kasi'),
  ('STATION_OUTAGE', 2, 120, 'MINUTES', 'camat'),
  ('SEND_TO_CENTRAL', 1, 1, 'WORKING_DAYS', 'kasi'),
  ('CENTRAL_RECEIPT', 1, 3, 'WORKING_DAYS', 'dinas-siak'),
  ('CENTRAL_RECEIPT', 2, 7, 'WORKING_DAYS', 'camat'),
  ('CENTRAL_PRR', 1, 14, 'WORKING_DAYS', 'camat'),
  ('CENTRAL_PRR', 2, 21, 'WORKING_DAYS', 'kadis'),
  ('PRINT', 1, 1, 'WORKING_DAYS', 'dinas-cetak'),
  ('PRINT', 2, 3, 'WORKING_DAYS', 'kadis'),
  ('SUKET_ISSUE', 1, 1, 'WORKING_DAYS', 'kasi'),
  ('CARD_NOTIFY', 1, 1, 'WORKING_DAYS', 'kasi'),
  ('CARD_COLLECT', 1, 10, 'WORKING_DAYS', 'petugas-loket'),
  ('CARD_COLLECT', 2, 20, 'WORKING_DAYS', 'ketua-rt'),
  ('CARD_COLLECT', 3, 60, 'WORKING_DAYS', 'camat'),
  ('REPRINT_DEFECT', 1, 1, 'WORKING_DAYS', 'camat'),
  ('REPRINT_DEFECT', 2, 7, 'WORKING_DAYS', 'kadis'),
  ('REPRINT_DATA', 1, 3, 'WORKING_DAYS', 'camat'),
  ('REPRINT_DATA', 2, 7, 'WORKING_DAYS', 'kadis'),
  ('DUPLICATE_CASE', 1, 30, 'WORKING_DAYS', 'kadis'),
  ('DISCIPLINE_EXAMINE', 1, 7, 'WORKING_DAYS', 'camat');

-- One overdue step at one escalation level: the SLA dashboard's rows. Promoting a breach to the
-- next level adds a row, so the history of who was told when stays.
create table app.breaches (
  id bigint generated always as identity primary key,
  policy_code text not null references app.sla_policies (code),
  level smallint not null check (level between 1 and 4),
  candidate_group app.role_name not null,
  process_instance_key bigint not null,
  element_instance_key bigint not null,
  element_id text not null check (btrim(element_id) <> ''),
  nik text references app.residents (nik),
  kelurahan_code text references app.regions (code),
  due_at timestamptz not null,
  breached_at timestamptz not null,
  status text not null default 'OPEN' check (status in ('OPEN', 'ACKNOWLEDGED', 'RESOLVED')),
  escalation_process_instance_key bigint unique,
  -- A timer can fire again after a retry: the second report of the same breach is refused.
  unique (element_instance_key, level),
  constraint breaches_after_due check (breached_at >= due_at)
);

create index breaches_status_idx on app.breaches (status, breached_at);
create index breaches_policy_idx on app.breaches (policy_code, breached_at);
create index breaches_kelurahan_idx on app.breaches (kelurahan_code, breached_at);
create index breaches_process_instance_idx on app.breaches (process_instance_key);

create table app.escalation_actions (
  id bigint generated always as identity primary key,
  breach_id bigint not null references app.breaches (id),
  level smallint not null check (level between 1 and 4),
  candidate_group app.role_name not null,
  action text not null check (action in (
    'RAISED', 'PROMOTED', 'ACKNOWLEDGED', 'REASSIGNED', 'REMINDED', 'DISCIPLINE_OPENED', 'RESOLVED'
  )),
  -- The staff member who acted, or null when the escalation process did.
  actor text check (btrim(actor) <> ''),
  note text,
  at timestamptz not null,
  -- These are decisions of a supervisor, and supervision is what the Camat is held to account for.
  constraint escalation_actions_decisions_have_actor
    check (action not in ('ACKNOWLEDGED', 'REASSIGNED', 'DISCIPLINE_OPENED') or actor is not null)
);

create index escalation_actions_breach_idx on app.escalation_actions (breach_id, at);

-- A disciplinary case under PP 94/2021 (civil servants) or the contract (SP1–SP3 for non-ASN).
create table app.disciplinary_cases (
  id bigint generated always as identity primary key,
  staff_id text not null references app.staff (id),
  superior_id text not null references app.staff (id),
  violation text not null check (violation in ('ABSENCE', 'LATE', 'SERVICE_NEGLECT')),
  -- What crossed a rule, e.g. ABSENCE_3_DAYS_2026: the same crossing opens one case only.
  trigger text not null check (btrim(trigger) <> ''),
  opened_at timestamptz not null,
  examined_at timestamptz check (examined_at >= opened_at),
  level text check (level in ('RINGAN', 'SEDANG', 'BERAT')),
  sanction text check (sanction in (
    'TEGURAN_LISAN', 'TEGURAN_TERTULIS', 'PERNYATAAN_TIDAK_PUAS', 'SP1', 'SP2', 'SP3', 'NONE'
  )),
  decided_by text check (btrim(decided_by) <> ''),
  decision_no text check (btrim(decision_no) <> ''),
  decided_at timestamptz check (decided_at >= opened_at),
  process_instance_key bigint unique,
  unique (staff_id, trigger),
  constraint disciplinary_cases_not_own_superior check (superior_id <> staff_id),
  constraint disciplinary_cases_decision_complete
    check ((decided_at is null) = (sanction is null) and (decided_at is null or decided_by is not null)),
  -- Under PP 94/2021 the three reprimands are the light (ringan) sanctions.
  constraint disciplinary_cases_reprimand_is_ringan check (
    sanction not in ('TEGURAN_LISAN', 'TEGURAN_TERTULIS', 'PERNYATAAN_TIDAK_PUAS') or level = 'RINGAN'
  )
);

create index disciplinary_cases_superior_idx on app.disciplinary_cases (superior_id)
  where decided_at is null;

-- Every SMS, WhatsApp message or letter sent to a resident, an RT or a staff member.
create table app.notifications (
  id bigint generated always as identity primary key,
  recipient_kind text not null check (recipient_kind in ('RESIDENT', 'RT', 'STAFF')),
  nik text references app.residents (nik),
  staff_id text references app.staff (id),
  channel text not null check (channel in ('SMS', 'WHATSAPP', 'LETTER')),
  template text not null check (btrim(template) <> ''),
  sent_at timestamptz not null,
  delivered boolean not null default false,
  failure text check (btrim(failure) <> ''),
  -- The idempotency key: a job retried after a crash finds its message already sent.
  reference text not null unique check (btrim(reference) <> ''),
  constraint notifications_resident_has_nik check (recipient_kind <> 'RESIDENT' or nik is not null),
  constraint notifications_staff_has_id check (recipient_kind <> 'STAFF' or staff_id is not null),
  constraint notifications_failure_not_delivered check (not (delivered and failure is not null))
);

create index notifications_nik_idx on app.notifications (nik, sent_at);
