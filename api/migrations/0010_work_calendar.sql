-- The office's working week and hours, next to app.holidays: what "working day" and "working
-- hour" mean for every service level. One row: a kecamatan keeps one timetable (WIB, Monday to
-- Friday, 08:00–16:00 by default); an administrator changes it here, not in code.
create table app.work_calendar (
  id boolean primary key default true check (id),
  utc_offset_minutes smallint not null default 420 check (utc_offset_minutes between -720 and 840),
  working_weekdays smallint[] not null default '{1,2,3,4,5}'
    check (working_weekdays <@ '{1,2,3,4,5,6,7}' and cardinality(working_weekdays) between 1 and 7),
  opens time not null default '08:00',
  closes time not null default '16:00',
  check (closes > opens)
);

insert into app.work_calendar default values;
