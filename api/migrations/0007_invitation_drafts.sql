-- What the invitation and recording workers need beyond 0005: letters drafted before the Camat
-- signs them, the capacity in which a batch was signed, the RT's note on a delivery, the station a
-- queue ticket is for, and the finger exception of a recording.

-- The monthly eligibility scan drafts one letter per resident; the Camat's (or the Sekcam's)
-- signature turns the batch's drafts into SIGNED letters. A draft is already "in circulation" for
-- the one-letter-per-resident rule, so a second scan cannot draft the same resident twice.
alter table app.invitations drop constraint invitations_status_check;
alter table app.invitations add constraint invitations_status_check check (status in (
  'DRAFT', 'SIGNED', 'AT_RT', 'DELIVERED', 'UNDELIVERABLE', 'NO_SHOW', 'FULFILLED', 'CANCELLED'
));

alter table app.invitations drop constraint invitations_undelivered_has_no_time;
alter table app.invitations add constraint invitations_undelivered_has_no_time
  check (status not in ('DRAFT', 'SIGNED', 'AT_RT', 'UNDELIVERABLE') or delivered_at is null);

-- A draft cannot stand outside a batch: it only becomes a letter through the batch's signature.
alter table app.invitations add constraint invitations_draft_in_batch
  check (status <> 'DRAFT' or batch_id is not null);

drop index app.invitations_one_open_per_nik;
create unique index invitations_one_open_per_nik on app.invitations (nik)
  where status in ('DRAFT', 'SIGNED', 'AT_RT', 'DELIVERED');

drop index app.invitations_undelivered_idx;
create index invitations_undelivered_idx on app.invitations (created_at)
  where status in ('DRAFT', 'SIGNED', 'AT_RT', 'UNDELIVERABLE');

-- What the Ketua RT wrote when confirming a delivery (why an address was not found, who took it).
alter table app.invitations add column delivery_note text check (btrim(delivery_note) <> '');

-- signed_by is the login of whoever signed; signed_as says whether as Camat or a.n. Camat (Sekcam),
-- which is what the letter itself must show.
alter table app.invitation_batches
  add column signed_as text check (signed_as in ('CAMAT', 'SEKCAM')),
  add constraint invitation_batches_signed_as_only_when_signed
    check (signed_as is null or signed_at is not null);

-- Residents are spread over the recording stations as they take a ticket; the station's queue
-- length is what the next resident is assigned by.
alter table app.queue_tickets add column station_id text references app.stations (id);
create index queue_tickets_station_idx on app.queue_tickets (service_date, station_id)
  where status in ('WAITING', 'CALLED');

-- One ticket per resident and service day: a second ticket would call the same person twice.
create unique index queue_tickets_one_per_nik_per_day on app.queue_tickets (service_date, nik)
  where nik is not null;

-- The operator could not capture every finger (amputation, worn prints): SIAK records the
-- exception, and ABIS deduplicates on the fingers there are.
alter table app.enrolments add column finger_exception boolean not null default false;
