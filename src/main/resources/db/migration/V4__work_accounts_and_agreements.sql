-- Issue 15: sign-in with a work or school account (OpenID Connect) and agreements in the portal.

-- One sign-in started at the provider: state (by its SHA-256), nonce and PKCE verifier live here,
-- not in one process's memory, so the callback may reach any instance. Used once.
create table oidc_login (
    state_hash     bytea primary key,
    nonce          text not null,
    -- The PKCE code verifier and the page to return to (it may carry an activation link's token),
    -- both sealed with key.secret.
    verifier_sealed text not null,
    next_sealed    text not null,
    created_at     timestamptz not null,
    expires_at     timestamptz not null,
    used_at        timestamptz
);
create index oidc_login_expires on oidc_login (expires_at);

-- The work account a session was started with: its existence is what "signed in with the
-- organisation's account" means. Goes with its session.
create table oidc_session (
    session_id_hash bytea primary key references web_session (id_hash) on delete cascade on update cascade,
    subject         text not null,
    email           text not null,
    signed_in_at    timestamptz not null
);

-- The exact terms texts that were shown for acceptance, by SHA-256 (acceptance.terms_sha256), so
-- the portal can show an activated agreement's accepted text after the templates change.
create table terms_text (
    sha256      text primary key,
    version     text not null,
    locale      text not null,
    text        text not null,
    first_kept_at timestamptz not null default now()
);
