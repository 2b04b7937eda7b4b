-- What the printing, correction and discipline workers need to record besides the rows of 0005
-- and 0006: blanko deliveries booked once each, the window of the last delivery check, blanko
-- released to waiting print jobs (and whether their process was told), requests for more blanko,
-- Suket numbers, and who examined a disciplinary case. Every worker write is idempotent, so each
-- table has the key a second delivery of the same job finds its work under.

-- A blanko delivery from the Provinsi or Ditjen, booked into app.stock once: the printing line
-- names each delivery with a stable id, and the daily check may see the same one again.
create table app.blanko_deliveries (
  delivery_id text primary key check (btrim(delivery_id) <> ''),
  location_code text not null,
  item text not null default 'BLANKO',
  arrives_at timestamptz not null,
  quantity integer not null check (quantity > 0),
  received_at timestamptz not null,
  -- The job that booked it: a second delivery of that job answers the same count.
  job_key bigint not null,
  foreign key (location_code, item) references app.stock (location_code, item)
);

create index blanko_deliveries_job_idx on app.blanko_deliveries (job_key);

-- Up to when the printing line's delivery schedule has been read, per stock: the next check asks
-- for [checked_until, now), so adjacent checks neither repeat nor miss a delivery.
create table app.stock_delivery_checks (
  location_code text not null,
  item text not null,
  checked_until timestamptz not null,
  primary key (location_code, item),
  foreign key (location_code, item) references app.stock (location_code, item)
);

-- A blanko reserved for a print job that was waiting for stock. The job's printing instance waits
-- for the message `ektp-blanko-reserved`; it is published after the reservation commits, and
-- `message_published_at` stays empty until it was, so a worker that stopped in between publishes
-- it on its next run instead of leaving the resident waiting for a card that has its blanko.
create table app.blanko_releases (
  print_job_id bigint primary key references app.print_jobs (id),
  released_at timestamptz not null,
  job_key bigint not null,
  message_published_at timestamptz check (message_published_at >= released_at)
);

create index blanko_releases_job_idx on app.blanko_releases (job_key);
create index blanko_releases_unpublished_idx on app.blanko_releases (released_at)
  where message_published_at is null;

-- A request for more blanko, sent by the Dinas warehouse to the Provinsi or Ditjen with a letter.
create table app.blanko_requests (
  id bigint generated always as identity primary key,
  location_code text not null default '15.71',
  item text not null default 'BLANKO',
  quantity integer not null check (quantity > 0),
  -- The number of the request letter: one request per letter.
  letter_no text not null unique check (btrim(letter_no) <> ''),
  requested_by text check (btrim(requested_by) <> ''),
  requested_at timestamptz not null,
  job_key bigint not null unique,
  foreign key (location_code, item) references app.stock (location_code, item)
);

create index blanko_requests_requested_idx on app.blanko_requests (requested_at);

-- Suket numbers follow the classification code of population affairs (470), a running number
-- and the year: 470/123/DISDUKCAPIL/2026. The sequence only makes them unique; gaps are harmless.
create sequence app.suket_numbers;

-- The job that issued a Suket: a second delivery of the same job returns that letter instead of
-- issuing (or, for a renewal, expiring and issuing) again.
alter table app.sukets add column job_key bigint unique;

-- At handover or on a complaint the counter officer reports a print defect without naming it (the
-- handover form offers the kind only); only the printing line's QC names the defect of a machine
-- fault. Naming stays required there.
alter table app.correction_cases drop constraint correction_cases_print_defect_named;
alter table app.correction_cases add constraint correction_cases_print_defect_named
  check (kind <> 'PRINT_DEFECT' or defect is not null or detected_by <> 'QC');

-- Who examined a disciplinary case and the summary of the examination (BAP): what the deciding
-- official reads, and what shows that the superior met PP 94/2021 Pasal 26.
alter table app.disciplinary_cases
  add column examined_by text check (btrim(examined_by) <> ''),
  add column examination_note text check (btrim(examination_note) <> ''),
  add constraint disciplinary_cases_examiner_only_when_examined
    check (examined_by is null or examined_at is not null);
