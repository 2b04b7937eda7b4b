-- Residents, their family cards and their e-KTP lifecycles (shared/DOMAIN.md, research §6).
-- The constraints carry the rules a SIAK record must obey, so that no worker, endpoint or script
-- can store a resident the office would have to correct by hand later.

-- The central enrollment statuses of SIAK (DOMAIN.md "Central statuses"), shared by the resident
-- (the latest status) and each enrolment (recording attempt).
create domain app.enrollment_status as text check (value in (
  'UNREGISTERED', 'BIO_CAPTURED', 'PROCESSING', 'SENT_FOR_ENROLLMENT', 'RECEIVED_AT_CENTRAL',
  'PRINT_READY_RECORD', 'ENROLL_FAILURE_AT_CENTRAL', 'ENROLL_FAILURE_AT_REGIONAL',
  'SEARCH_FAILURE_AT_CENTRAL', 'ADJUDICATE_RECORD', 'REQUEST_VALIDATION', 'DUPLICATE_RECORD'
));

-- Digits 7–12 of a NIK: the birth date as DDMMYY with 40 added to the day for women. Only the two
-- last digits of the year are in a NIK, so the century comes from birth_date, never the reverse.
create function app.nik_birth_digits(birth_date date, sex text) returns text
language sql immutable strict parallel safe
return lpad((extract(day from birth_date)::int + case when sex = 'P' then 40 else 0 end)::text, 2, '0')
  || lpad(extract(month from birth_date)::int::text, 2, '0')
  || lpad((extract(year from birth_date)::int % 100)::text, 2, '0');

-- A KK (Kartu Keluarga). Every resident belongs to exactly one.
create table app.families (
  -- Region code where the KK was issued + issue date DDMMYY + serial from 0001 (research §3.2).
  kk_no text primary key check (kk_no ~ '^\d{16}$' and substr(kk_no, 13, 4) <> '0000'),
  kelurahan_code text not null references app.regions (code),
  rw smallint not null,
  rt smallint not null,
  address text not null check (btrim(address) <> ''),
  created_at timestamptz not null default now(),
  foreign key (kelurahan_code, rw, rt) references app.neighbourhoods (kelurahan_code, rw, rt)
);

create index families_neighbourhood_idx on app.families (kelurahan_code, rw, rt);

create table app.residents (
  nik text primary key check (nik ~ '^\d{16}$' and substr(nik, 13, 4) <> '0000'),
  kk_no text not null references app.families (kk_no),
  full_name text not null check (btrim(full_name) <> ''),
  birth_place text not null check (btrim(birth_place) <> ''),
  birth_date date not null,
  sex text not null check (sex in ('L', 'P')),
  -- The six religions and the beliefs recognised on the KTP-el since MK 97/PUU-XIV/2016.
  religion text not null check (religion in (
    'ISLAM', 'KRISTEN', 'KATOLIK', 'HINDU', 'BUDDHA', 'KHONGHUCU', 'KEPERCAYAAN TERHADAP TUHAN YME'
  )),
  marital_status text not null check (marital_status in ('BELUM_KAWIN', 'KAWIN', 'CERAI_HIDUP', 'CERAI_MATI')),
  occupation text not null check (btrim(occupation) <> ''),
  citizenship text not null default 'WNI' check (citizenship in ('WNI', 'WNA')),
  -- A foreigner is wajib KTP only with a permanent stay permit (UU 24/2013 Pasal 63); a citizen
  -- has none.
  kitap_no text check (btrim(kitap_no) <> ''),
  address text not null check (btrim(address) <> ''),
  kelurahan_code text not null references app.regions (code),
  rw smallint not null,
  rt smallint not null,
  phone text check (phone ~ '^\+?\d{8,15}$'),
  deceased boolean not null default false,
  moved_out boolean not null default false,
  enrollment_status app.enrollment_status not null default 'UNREGISTERED',
  card_status text check (card_status in (
    'SENT_FOR_CARD_PRINTING', 'CARD_PRINTED', 'CARD_SHIPPED', 'CARD_ISSUED', 'CARD_ACTIVATED'
  )),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  foreign key (kelurahan_code, rw, rt) references app.neighbourhoods (kelurahan_code, rw, rt),
  constraint residents_nik_matches_birth_date_and_sex
    check (substr(nik, 7, 6) = app.nik_birth_digits(birth_date, sex)),
  constraint residents_kitap_iff_foreigner check ((citizenship = 'WNA') = (kitap_no is not null)),
  -- Card statuses only exist downstream of a print-ready record (DOMAIN.md).
  constraint residents_card_only_after_prr
    check (card_status is null or enrollment_status = 'PRINT_READY_RECORD')
);

comment on column app.residents.enrollment_status is
  'The latest SIAK enrollment status; each recording attempt is in app.enrolments.';

create index residents_kk_idx on app.residents (kk_no);
create index residents_kelurahan_idx on app.residents (kelurahan_code);
-- Name search is by prefix (`lower(full_name) like 'ahmad%'`); text_pattern_ops serves that
-- whatever the database collation is.
create index residents_name_idx on app.residents (lower(full_name) text_pattern_ops);
-- The monthly eligibility scan looks for living, present residents without a recording by birth
-- date (turning 17); they are a small share of the population once the backlog is recorded.
create index residents_unregistered_idx on app.residents (birth_date)
  where enrollment_status = 'UNREGISTERED' and not deceased and not moved_out;

-- One e-KTP lifecycle (the `ektp-lifecycle` process instance) per resident and attempt: from
-- eligibility to an activated card, or to the exception that ended it.
create table app.lifecycles (
  id bigint generated always as identity primary key,
  nik text not null references app.residents (nik),
  process_instance_key bigint unique,
  state text not null default 'RUNNING' check (state in (
    'RUNNING', 'ACTIVATED', 'INVITATION_UNDELIVERABLE', 'NO_SHOW', 'NOT_ELIGIBLE',
    'ALREADY_RECORDED', 'DUPLICATE_RECORD', 'ENROLMENT_FAILED', 'CARD_UNCLAIMED',
    'FINGERPRINT_MISMATCH', 'CANCELLED'
  )),
  -- Why an exception ended it, in the words of the step that found it (MOVED, DECEASED, …).
  exception_reason text check (btrim(exception_reason) <> ''),
  started_at timestamptz not null,
  ended_at timestamptz,
  constraint lifecycles_ended_iff_not_running check ((ended_at is null) = (state = 'RUNNING')),
  check (ended_at >= started_at),
  constraint lifecycles_reason_only_for_exceptions
    check (exception_reason is null or state not in ('RUNNING', 'ACTIVATED'))
);

-- Two running lifecycles would send a resident two invitations and print two cards.
create unique index lifecycles_one_running_per_nik on app.lifecycles (nik) where state = 'RUNNING';
