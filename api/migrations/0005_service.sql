-- The service itself: invitations, stations and appointments, the queue, recording and central
-- clearance, blanko stock, printing, cards, Suket, corrections and duplicate cases
-- (shared/DOMAIN.md, research §6). Each status column is tied to the timestamps and reasons it
-- implies, so a report never has to guess what a half-filled row meant.

-- One month's invitations for one kelurahan, signed by the Camat (or the Sekcam as delegate).
create table app.invitation_batches (
  id bigint generated always as identity primary key,
  kelurahan_code text not null references app.regions (code),
  period text not null check (period ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  resident_count integer not null check (resident_count >= 0),
  created_at timestamptz not null default now(),
  signed_at timestamptz,
  signed_by text check (btrim(signed_by) <> ''),
  distributed_at timestamptz,
  unique (kelurahan_code, period),
  constraint invitation_batches_signature_complete check ((signed_at is null) = (signed_by is null)),
  -- The kelurahan can only hand letters to the RT once the Camat has signed them.
  constraint invitation_batches_distributed_after_signing
    check (distributed_at is null or (signed_at is not null and distributed_at >= signed_at))
);

-- Recording stations at the kecamatan, and the Dinas printer and card readers.
create table app.stations (
  id text primary key check (id ~ '^[A-Za-z0-9._-]+$'),
  kind text not null check (kind in ('RECORDING', 'PRINTER', 'CARD_READER')),
  name text not null check (btrim(name) <> ''),
  -- The kecamatan (15.71.08) or, for the Dinas, the city (15.71).
  location_code text not null references app.regions (code),
  -- Residents (recording) or cards (printer) a day: what appointment slots are cut from.
  daily_capacity integer not null check (daily_capacity > 0)
);

create table app.station_outages (
  id bigint generated always as identity primary key,
  station_id text not null references app.stations (id),
  started_at timestamptz not null,
  ended_at timestamptz check (ended_at > started_at),
  cause text not null check (btrim(cause) <> ''),
  reported_by text not null check (btrim(reported_by) <> '')
);

-- A station is down or it is not: a second open outage would double-count the downtime.
create unique index station_outages_one_open_per_station on app.station_outages (station_id)
  where ended_at is null;

create table app.appointment_slots (
  id bigint generated always as identity primary key,
  station_id text not null references app.stations (id),
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  capacity integer not null check (capacity > 0),
  booked integer not null default 0,
  unique (station_id, starts_at),
  check (ends_at > starts_at),
  -- Overbooking is what made the queues of the field study: the slot refuses it.
  constraint appointment_slots_booked_within_capacity check (booked between 0 and capacity)
);

create index appointment_slots_starts_idx on app.appointment_slots (starts_at);

-- One invitation letter to one resident. A batch-less invitation is a second invitation or a
-- home visit (jemput bola) decided outside the monthly batch.
create table app.invitations (
  id bigint generated always as identity primary key,
  batch_id bigint references app.invitation_batches (id),
  nik text not null references app.residents (nik),
  attempt smallint not null check (attempt between 1 and 3),
  letter_no text not null unique check (btrim(letter_no) <> ''),
  -- Printed on the letter; the counter finds the invitation from it on the day.
  check_in_code text not null unique check (btrim(check_in_code) <> ''),
  status text not null default 'SIGNED' check (status in (
    'SIGNED', 'AT_RT', 'DELIVERED', 'UNDELIVERABLE', 'NO_SHOW', 'FULFILLED', 'CANCELLED'
  )),
  undeliverable_reason text check (undeliverable_reason in (
    'MOVED', 'DECEASED', 'ALREADY_RECORDED', 'UNKNOWN_ADDRESS'
  )),
  delivered_at timestamptz,
  slot_id bigint references app.appointment_slots (id),
  created_at timestamptz not null default now(),
  -- Batch-less invitations count as one batch here: attempt 2 without a batch exists once.
  unique nulls not distinct (nik, batch_id, attempt),
  -- The RT must say why a letter could not be delivered: that is what the Lurah acts on.
  constraint invitations_reason_iff_undeliverable
    check ((status = 'UNDELIVERABLE') = (undeliverable_reason is not null)),
  constraint invitations_delivered_has_time check (status <> 'DELIVERED' or delivered_at is not null),
  constraint invitations_undelivered_has_no_time
    check (status not in ('SIGNED', 'AT_RT', 'UNDELIVERABLE') or delivered_at is null)
);

-- One letter in circulation per resident: a second one is only sent when the first has ended.
create unique index invitations_one_open_per_nik on app.invitations (nik)
  where status in ('SIGNED', 'AT_RT', 'DELIVERED');
create index invitations_batch_idx on app.invitations (batch_id);
create index invitations_slot_idx on app.invitations (slot_id);
-- The list of letters still with the kelurahan or the RT, for the delivery SLA and the Lurah.
create index invitations_undelivered_idx on app.invitations (created_at)
  where status in ('SIGNED', 'AT_RT', 'UNDELIVERABLE');

-- Counter queue tickets, numbered from 1 each service day.
create table app.queue_tickets (
  id bigint generated always as identity primary key,
  service_date date not null,
  number integer not null check (number > 0),
  nik text references app.residents (nik),
  issued_at timestamptz not null,
  called_at timestamptz check (called_at >= issued_at),
  served_at timestamptz check (served_at >= called_at),
  status text not null default 'WAITING' check (status in ('WAITING', 'CALLED', 'SERVED', 'NO_SHOW')),
  unique (service_date, number),
  -- The waiting-time SLA is measured from these times, so each status has exactly its own.
  constraint queue_tickets_times_follow_status check (
    (status = 'WAITING' and called_at is null and served_at is null) or
    (status = 'CALLED' and called_at is not null and served_at is null) or
    (status = 'SERVED' and called_at is not null and served_at is not null) or
    (status = 'NO_SHOW' and served_at is null)
  )
);

create index queue_tickets_nik_idx on app.queue_tickets (nik);
create index queue_tickets_waiting_idx on app.queue_tickets (service_date, number)
  where status in ('WAITING', 'CALLED');

-- One biometric recording attempt and its way through central clearance (SFE → PRR).
create table app.enrolments (
  id bigint generated always as identity primary key,
  nik text not null references app.residents (nik),
  attempt smallint not null check (attempt >= 1),
  station_id text references app.stations (id),
  -- References app.staff, added with that table in 0006.
  operator_id text,
  captured_at timestamptz not null,
  -- A recorded attempt is never UNREGISTERED: that status belongs to residents with no attempt.
  status app.enrollment_status not null default 'BIO_CAPTURED' check (status <> 'UNREGISTERED'),
  sent_at timestamptz check (sent_at >= captured_at),
  received_at timestamptz check (received_at >= sent_at),
  prr_at timestamptz check (prr_at >= received_at),
  duplicate_kind text check (duplicate_kind in ('ONE_TO_ONE', 'ONE_TO_MANY')),
  unique (nik, attempt),
  -- The centre receives only what was sent, and prints only what it received.
  constraint enrolments_received_after_sent check (received_at is null or sent_at is not null),
  constraint enrolments_prr_after_received check (prr_at is null or received_at is not null),
  constraint enrolments_prr_has_time check (status <> 'PRINT_READY_RECORD' or prr_at is not null),
  constraint enrolments_duplicate_has_kind check (status <> 'DUPLICATE_RECORD' or duplicate_kind is not null)
);

-- The central-clearance SLA polls attempts sent and not yet print-ready.
create index enrolments_in_clearance_idx on app.enrolments (sent_at)
  where sent_at is not null and prr_at is null;

create table app.enrolment_status_history (
  id bigint generated always as identity primary key,
  enrolment_id bigint not null references app.enrolments (id),
  status app.enrollment_status not null,
  at timestamptz not null,
  source text not null check (source in ('OPERATOR', 'SIAK_POLL', 'DINAS'))
);

create index enrolment_status_history_enrolment_idx on app.enrolment_status_history (enrolment_id, at);

-- Consumables per location. `reserved` is set aside for print jobs already queued, so the stock
-- a new job may take is on_hand - reserved.
create table app.stock (
  location_code text not null references app.regions (code),
  item text not null check (item in ('BLANKO', 'RIBBON', 'FILM')),
  on_hand integer not null check (on_hand >= 0),
  reserved integer not null default 0 check (reserved >= 0),
  updated_at timestamptz not null default now(),
  primary key (location_code, item),
  constraint stock_reserved_within_on_hand check (reserved <= on_hand)
);

-- Blanko and ribbons are held by the Dinas of Kota Jambi, which prints for every kecamatan;
-- they start empty and are filled by RECEIVE movements.
insert into app.stock (location_code, item, on_hand, reserved) values
  ('15.71', 'BLANKO', 0, 0),
  ('15.71', 'RIBBON', 0, 0);

create table app.stock_movements (
  id bigint generated always as identity primary key,
  location_code text not null,
  item text not null,
  -- The change of on_hand (RECEIVE, ISSUE_PRINT, SPOIL, ADJUST) or of reserved (RESERVE,
  -- RELEASE), signed: a receipt adds, a print or a spoiled blanko takes away.
  quantity integer not null check (quantity <> 0),
  kind text not null check (kind in ('RECEIVE', 'RESERVE', 'RELEASE', 'ISSUE_PRINT', 'SPOIL', 'ADJUST')),
  reference text,
  at timestamptz not null default now(),
  foreign key (location_code, item) references app.stock (location_code, item),
  constraint stock_movements_sign_follows_kind check (
    kind = 'ADJUST' or
    (kind in ('RECEIVE', 'RESERVE') and quantity > 0) or
    (kind in ('RELEASE', 'ISSUE_PRINT', 'SPOIL') and quantity < 0)
  )
);

create index stock_movements_stock_idx on app.stock_movements (location_code, item, at);

-- One card to print for one resident (SENT_FOR_CARD_PRINTING onwards); a reprint is a new attempt.
create table app.print_jobs (
  id bigint generated always as identity primary key,
  nik text not null references app.residents (nik),
  attempt smallint not null check (attempt >= 1),
  requested_at timestamptz not null,
  status text not null default 'WAITING_STOCK' check (status in (
    'WAITING_STOCK', 'QUEUED', 'PRINTED', 'DEFECT', 'SHIPPED', 'RECEIVED'
  )),
  defect text check (defect in (
    'NAME', 'BIRTH_PLACE_DATE', 'ADDRESS', 'PHOTO_PLACEMENT', 'CHIP_UNREADABLE', 'PRINT_QUALITY'
  )),
  printed_at timestamptz check (printed_at >= requested_at),
  shipped_at timestamptz check (shipped_at >= printed_at),
  received_at timestamptz check (received_at >= shipped_at),
  unique (nik, attempt),
  -- The target of cards and correction cases, which must concern the same resident.
  unique (id, nik),
  -- Defect causes are counted on the dashboard: a defect without its cause counts for nothing.
  constraint print_jobs_defect_iff_status check ((status = 'DEFECT') = (defect is not null)),
  constraint print_jobs_times_follow_status check (
    (status in ('WAITING_STOCK', 'QUEUED') and printed_at is null and shipped_at is null and received_at is null) or
    (status in ('PRINTED', 'DEFECT') and printed_at is not null and shipped_at is null and received_at is null) or
    (status = 'SHIPPED' and printed_at is not null and shipped_at is not null and received_at is null) or
    (status = 'RECEIVED' and printed_at is not null and shipped_at is not null and received_at is not null)
  )
);

-- Jobs waiting for blanko are released first come, first served when stock arrives.
create index print_jobs_waiting_idx on app.print_jobs (requested_at) where status = 'WAITING_STOCK';

create table app.cards (
  serial text primary key check (btrim(serial) <> ''),
  nik text not null,
  print_job_id bigint not null unique,
  status text not null default 'PRINTED' check (status in (
    'PRINTED', 'SHIPPED', 'AT_KECAMATAN', 'ISSUED', 'ACTIVATED', 'VOID', 'REPLACED'
  )),
  printed_at timestamptz not null,
  issued_at timestamptz check (issued_at >= printed_at),
  activated_at timestamptz check (activated_at >= issued_at),
  -- The card carries the NIK its print job was for, never another one.
  foreign key (print_job_id, nik) references app.print_jobs (id, nik),
  foreign key (nik) references app.residents (nik),
  unique (serial, nik),
  constraint cards_times_follow_status check (
    (status in ('PRINTED', 'SHIPPED', 'AT_KECAMATAN') and issued_at is null and activated_at is null) or
    (status = 'ISSUED' and issued_at is not null and activated_at is null) or
    (status = 'ACTIVATED' and issued_at is not null and activated_at is not null) or
    status in ('VOID', 'REPLACED')
  )
);

-- One card per person (UU 24/2013 Pasal 63): a new card is printed only once the old one is void
-- or replaced.
create unique index cards_one_live_per_nik on app.cards (nik) where status not in ('VOID', 'REPLACED');

-- Surat keterangan: the interim letter a resident holds while the card cannot be printed.
create table app.sukets (
  no text primary key check (btrim(no) <> ''),
  nik text not null references app.residents (nik),
  reason text not null check (reason in ('NOT_YET_PRR', 'NO_BLANKO', 'LOST_DAMAGED', 'DATA_CHANGE')),
  issued_at timestamptz not null,
  -- Filled in from issued_at when left out (trigger below).
  valid_until timestamptz not null,
  status text not null default 'VALID' check (status in ('VALID', 'EXPIRED', 'SUPERSEDED')),
  superseded_by_card text references app.cards (serial),
  -- Six calendar months, counted on the local (WIB) calendar of the office that issued it.
  constraint sukets_valid_six_months check (
    valid_until = ((issued_at at time zone 'Asia/Jakarta') + interval '6 months') at time zone 'Asia/Jakarta'
  ),
  constraint sukets_superseded_iff_card check ((status = 'SUPERSEDED') = (superseded_by_card is not null))
);

-- Two valid letters for one person would let the second stand in for a card the first never saw.
create unique index sukets_one_valid_per_nik on app.sukets (nik) where status = 'VALID';

-- Month arithmetic differs between languages (31 August + 6 months is 28 February here, 3 March
-- in JavaScript's setMonth): callers may leave valid_until out and get the date the check wants.
create function app.sukets_fill_valid_until() returns trigger
language plpgsql as $$
begin
  if new.valid_until is null then
    new.valid_until :=
      ((new.issued_at at time zone 'Asia/Jakarta') + interval '6 months') at time zone 'Asia/Jakarta';
  end if;
  return new;
end;
$$;

create trigger sukets_fill_valid_until before insert or update on app.sukets
  for each row execute function app.sukets_fill_valid_until();

-- A card with a defect or wrong data, and its way to a reprint.
create table app.correction_cases (
  id bigint generated always as identity primary key,
  nik text not null references app.residents (nik),
  card_serial text,
  kind text not null check (kind in ('PRINT_DEFECT', 'DATA_WRONG')),
  defect text check (defect in (
    'NAME', 'BIRTH_PLACE_DATE', 'ADDRESS', 'PHOTO_PLACEMENT', 'CHIP_UNREADABLE', 'PRINT_QUALITY'
  )),
  root_cause text check (root_cause in (
    'PRINT_DEFECT', 'SIAK_DATA_WRONG', 'OPERATOR_ENTRY', 'RESIDENT_DATA_CHANGED'
  )),
  detected_by text not null check (detected_by in ('QC', 'HANDOVER', 'COMPLAINT')),
  opened_at timestamptz not null,
  closed_at timestamptz check (closed_at >= opened_at),
  old_card_retrieved boolean not null default false,
  -- The card in question is the resident's own.
  foreign key (card_serial, nik) references app.cards (serial, nik),
  constraint correction_cases_print_defect_named check (kind <> 'PRINT_DEFECT' or defect is not null),
  -- Root causes are what the monthly evaluation counts: a case is not closed without one.
  constraint correction_cases_closed_with_root_cause check (closed_at is null or root_cause is not null)
);

create unique index correction_cases_one_open_per_nik on app.correction_cases (nik)
  where closed_at is null;

-- A DUPLICATE_RECORD from ABIS: the card cannot be issued until the Dinas or the centre resolves it.
create table app.duplicate_cases (
  id bigint generated always as identity primary key,
  nik text not null references app.residents (nik),
  kind text not null check (kind in ('ONE_TO_ONE', 'ONE_TO_MANY')),
  opened_at timestamptz not null,
  resolved_at timestamptz check (resolved_at >= opened_at),
  resolution text check (btrim(resolution) <> ''),
  constraint duplicate_cases_resolution_complete check ((resolved_at is null) = (resolution is null))
);

create unique index duplicate_cases_one_open_per_nik on app.duplicate_cases (nik)
  where resolved_at is null;
