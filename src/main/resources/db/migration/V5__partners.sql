-- issue 16: the partner's side. Contact, webhook and locale come from the feed; the API tokens and
-- the webhook signing secret never do. Secrets are stored sealed with key.secret, tokens as SHA-256.

alter table partner
    add column contact                 text,
    add column webhook_url             text,
    add column locale                  text not null default 'en' check (locale in ('en', 'nl')),
    add column webhook_secret          text,
    -- during a rotation the previous secret signs too, until this moment
    add column webhook_previous_secret text,
    add column webhook_previous_until  timestamptz,
    -- a receiver that answered 410 Gone: no more events until the feed names another URL
    add column webhook_disabled_at     timestamptz,
    add column webhook_disabled_reason text;

create table partner_token (
    id          bigserial primary key,
    partner_id  text not null references partner (id),
    token_hash  bytea not null unique,
    created_at  timestamptz not null,
    revoked_at  timestamptz
);
create index partner_token_partner on partner_token (partner_id) where revoked_at is null;

-- An activation or reminder mail that failed for good: the agreement waits for a corrected address.
alter table agreement
    add column undeliverable_at      timestamptz,
    add column undeliverable_address text,
    add column undeliverable_reason  text;

-- Failed messages whose consequences (notices, events) are not handled yet.
alter table outbox_message add column failure_noticed_at timestamptz;
create index outbox_failure_unnoticed on outbox_message (id) where state = 'failed' and failure_noticed_at is null;
-- The last mail of each agreement, for the per-agreement status.
create index outbox_message_agreement on outbox_message (agreement_number, id) where agreement_number is not null;
create index acceptance_agreement on acceptance (agreement_number, accepted_at);

-- What the last import report of a partner's feed said, so an unchanged file is not reported twice.
create table feed_report (
    partner_id        text not null references partner (id),
    source            text not null,
    rejections_sha256 text not null,
    reported_at       timestamptz not null,
    primary key (partner_id, source)
);

-- The webhook outbox: every event a row written in the transaction of its change.
create table webhook_event (
    id               bigserial primary key,
    -- webhook-id: the same on every retry, so a receiver can drop duplicates
    event_id         text not null unique,
    partner_id       text not null references partner (id),
    type             text not null,
    payload          jsonb not null,
    state            text not null default 'queued' check (state in ('queued', 'sending', 'delivered', 'failed')),
    attempts         int not null default 0,
    next_attempt_at  timestamptz not null default now(),
    lease_owner      text,
    lease_until      timestamptz,
    last_error       text,
    created_at       timestamptz not null default now(),
    delivered_at     timestamptz
);
create index webhook_event_due on webhook_event (next_attempt_at) where state = 'queued';
create index webhook_event_leased on webhook_event (lease_until) where state = 'sending';

-- Failures from before this version were dealt with by hand: no notices for them now.
update outbox_message set failure_noticed_at = now() where state = 'failed';
