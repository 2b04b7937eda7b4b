-- Sign-in sessions (DESIGN.md §3, the API issue): the browser holds a random token in an httpOnly
-- cookie; only its SHA-256 is stored, so a copy of this table opens no session. Each session has
-- its own CSRF token, sent back by the UI in a header on every state-changing request.
create table app.sessions (
  token_hash text primary key check (token_hash ~ '^[0-9a-f]{64}$'),
  staff_id text not null references app.staff (id) on delete cascade,
  csrf_token text not null check (length(csrf_token) >= 32),
  created_at timestamptz not null,
  last_seen_at timestamptz not null,
  -- Idle sessions end after a working day; every session ends after 12 hours.
  expires_at timestamptz not null,
  ip text,
  user_agent text,
  check (last_seen_at >= created_at and expires_at > created_at)
);

create index sessions_staff_idx on app.sessions (staff_id);
create index sessions_expiry_idx on app.sessions (expires_at);
