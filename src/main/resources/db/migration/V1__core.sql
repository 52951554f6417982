-- Core schema. Constraints carry the invariants: one agreement per number, one key per hash,
-- one subscription per tenant and product, a key redeemed at most once.

create table partner (
    id          text primary key,
    name        text not null,
    created_at  timestamptz not null default now()
);

create table agreement (
    number           text primary key,
    partner_id       text not null references partner (id),
    tenant_id        text not null,
    customer_name    text not null,
    admin_name       text,
    admin_email      text,
    notices_contact  text,
    locale           text not null check (locale in ('en', 'nl')),
    source_file      text not null,
    source_line      int not null,
    -- SHA-256 of the agreement's feed content: an unchanged agreement is skipped on re-import.
    fingerprint      text not null,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now(),
    check (admin_email is not null or notices_contact is not null)
);
create index agreement_admin_email on agreement (lower(admin_email));

create table product_key (
    id                 bigserial primary key,
    key_hash           bytea not null unique,
    last_five          text not null check (length(last_five) = 5),
    product            text not null,
    seats              int not null check (seats > 0),
    term_months        int not null check (term_months > 0),
    channel            text not null check (channel in ('open', 'retail')),
    state              text not null default 'unused' check (state in ('unused', 'redeemed')),
    partner_id         text not null references partner (id),
    agreement_number   text references agreement (number),
    redeem_by          date,
    redeemed_at        timestamptz,
    created_at         timestamptz not null default now(),
    check ((channel = 'open') = (agreement_number is not null)),
    check ((state = 'redeemed') = (redeemed_at is not null))
);
create index product_key_agreement on product_key (agreement_number) where agreement_number is not null;

create table subscription (
    id             bigserial primary key,
    tenant_id      text not null,
    customer_name  text not null,
    product        text not null,
    seats          int not null check (seats > 0),
    start_date     date not null,
    end_date       date not null,
    state          text not null check (state in ('pending', 'active', 'expired')),
    created_at     timestamptz not null default now(),
    updated_at     timestamptz not null default now(),
    unique (tenant_id, product),
    check (end_date >= start_date)
);

create table activation_link (
    id                bigserial primary key,
    token_hash        bytea not null unique,
    -- The token sealed with key.secret, for the reminder that repeats the same link.
    token_sealed      text not null,
    agreement_number  text not null references agreement (number),
    recipient_email   text not null,
    recipient_name    text,
    created_at        timestamptz not null,
    expires_at        timestamptz not null,
    used_at           timestamptz,
    revoked_at        timestamptz,
    reminder_queued_at timestamptz,
    check (used_at is null or revoked_at is null)
);
create index activation_link_agreement on activation_link (agreement_number);
create index activation_link_reminder_due on activation_link (created_at)
    where used_at is null and revoked_at is null and reminder_queued_at is null;

create table activation_link_key (
    link_id  bigint not null references activation_link (id),
    key_id   bigint not null references product_key (id),
    primary key (link_id, key_id)
);
create index activation_link_key_key on activation_link_key (key_id);

-- Append-only: who accepted which terms text, when, from where, for which keys.
create table acceptance (
    id                bigserial primary key,
    link_id           bigint not null unique references activation_link (id),
    agreement_number  text not null references agreement (number),
    admin_email       text not null,
    terms_version     text not null,
    terms_sha256      text not null,
    accepted_at       timestamptz not null,
    remote_address    text not null,
    user_agent        text not null,
    key_ids           bigint[] not null
);

-- The outcome of each redeemed key: what it did to which subscription. A key appears once.
create table key_redemption (
    key_id           bigint primary key references product_key (id),
    subscription_id  bigint not null references subscription (id),
    action           text not null check (action in ('activate', 'extend', 'add')),
    admin_email      text not null,
    seats_before     int,
    seats_after      int not null,
    end_before       date,
    end_after        date not null,
    redeemed_at      timestamptz not null
);

-- Every email is first a row here, written in the transaction of the change that causes it.
create table outbox_message (
    id               bigserial primary key,
    message_id       text not null unique,
    kind             text not null,
    recipient_email  text not null,
    recipient_name   text,
    locale           text not null,
    -- The template model. Link tokens inside it are sealed (AES-GCM with key.secret), never clear.
    payload          jsonb not null,
    agreement_number text,
    state            text not null default 'queued' check (state in ('queued', 'sending', 'sent', 'failed')),
    attempts         int not null default 0,
    next_attempt_at  timestamptz not null default now(),
    lease_owner      text,
    lease_until      timestamptz,
    last_error       text,
    created_at       timestamptz not null default now(),
    sent_at          timestamptz
);
create index outbox_due on outbox_message (next_attempt_at) where state = 'queued';
create index outbox_leased on outbox_message (lease_until) where state = 'sending';

create table web_session (
    id_hash        bytea primary key,
    admin_email    text not null,
    created_at     timestamptz not null,
    last_seen_at   timestamptz not null,
    expires_at     timestamptz not null,
    -- The activation just accepted in this session, shown once on "Your products".
    notice_link_id bigint references activation_link (id),
    -- A redemption waiting for "Redeem" on the review page: held here, never in a URL.
    pending_redemption jsonb
);
create index web_session_expires on web_session (expires_at);

create table signin_link (
    id           bigserial primary key,
    token_hash   bytea not null unique,
    admin_email  text not null,
    created_at   timestamptz not null,
    expires_at   timestamptz not null,
    used_at      timestamptz
);

-- Failed attempts (wrong keys, link renewals) per subject, for rate limits shared by all instances.
create table attempt_log (
    id          bigserial primary key,
    scope       text not null,
    subject     text not null,
    at          timestamptz not null
);
create index attempt_log_lookup on attempt_log (scope, subject, at);
