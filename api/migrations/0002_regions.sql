-- Administrative regions, with both official codes: Kemendagri's (used in NIK and KK numbers)
-- and BPS's (statistics). They differ — Jelutung is 15.71.08 for Kemendagri but 1571030 for BPS,
-- and BPS 1571080 is another kecamatan (Jambi Timur) — so both are stored and never derived from
-- each other (shared/reference/ektp-domain-research.md §3.4).
create table app.regions (
  code text primary key,
  bps_code text unique,
  level text not null check (level in ('PROVINSI', 'KABUPATEN_KOTA', 'KECAMATAN', 'KELURAHAN')),
  name text not null check (name <> ''),
  parent_code text references app.regions (code),
  -- The shape of a Kemendagri code follows its level: 15 / 15.71 / 15.71.08 / 15.71.08.1001.
  check (
    (level = 'PROVINSI' and code ~ '^\d{2}$' and parent_code is null) or
    (level = 'KABUPATEN_KOTA' and code ~ '^\d{2}\.\d{2}$' and parent_code = substr(code, 1, 2)) or
    (level = 'KECAMATAN' and code ~ '^\d{2}\.\d{2}\.\d{2}$' and parent_code = substr(code, 1, 5)) or
    (level = 'KELURAHAN' and code ~ '^\d{2}\.\d{2}\.\d{2}\.\d{4}$' and parent_code = substr(code, 1, 8))
  )
);

create index regions_parent_idx on app.regions (parent_code);

-- Kecamatan Jelutung, Kota Jambi: Kepmendagri 300.2.2-2138/2025 (unchanged since Permendagri
-- 56/2015) and BPS codes.
insert into app.regions (code, bps_code, level, name, parent_code) values
  ('15', '15', 'PROVINSI', 'Jambi', null),
  ('15.71', '1571', 'KABUPATEN_KOTA', 'Kota Jambi', '15'),
  ('15.71.08', '1571030', 'KECAMATAN', 'Jelutung', '15.71'),
  ('15.71.08.1001', '1571030006', 'KELURAHAN', 'Talang Jauh', '15.71.08'),
  ('15.71.08.1002', '1571030005', 'KELURAHAN', 'Cempaka Putih', '15.71.08'),
  ('15.71.08.1003', '1571030001', 'KELURAHAN', 'Kebun Handil', '15.71.08'),
  ('15.71.08.1004', '1571030004', 'KELURAHAN', 'Lebak Bandung', '15.71.08'),
  ('15.71.08.1005', '1571030003', 'KELURAHAN', 'Payo Lebar', '15.71.08'),
  ('15.71.08.1006', '1571030002', 'KELURAHAN', 'Jelutung', '15.71.08'),
  ('15.71.08.1007', '1571030007', 'KELURAHAN', 'Handil Jaya', '15.71.08');

-- RT and RW have no national codes: they are numbered within their kelurahan.
create table app.neighbourhoods (
  kelurahan_code text not null references app.regions (code),
  rw smallint not null check (rw between 1 and 999),
  rt smallint not null check (rt between 1 and 999),
  ketua_rt_name text,
  primary key (kelurahan_code, rw, rt)
);
