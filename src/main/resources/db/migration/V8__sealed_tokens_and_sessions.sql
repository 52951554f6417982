-- Issue 12 (points 8-10, 12): a link's sealed token copy lives only while the link is open, and
-- what a used link and a session need to tell one browser from another.

-- The sealed copy exists so the reminder can repeat the same link; a used, revoked or expired
-- link needs none. Used and revoked are enforced here; expired copies are erased by housekeeping.
alter table activation_link alter column token_sealed drop not null;
update activation_link set token_sealed = null
 where token_sealed is not null and (used_at is not null or revoked_at is not null or expires_at <= now());
alter table activation_link add constraint activation_link_sealed_only_while_open
    check (token_sealed is null or (used_at is null and revoked_at is null));

-- Every statement that marks a link used or revoked erases the copy itself; this trigger keeps
-- the rule for any statement that forgets (it fires only then, so the accept pays nothing).
create function activation_link_erase_sealed() returns trigger language plpgsql as $$
begin
    new.token_sealed := null;
    return new;
end $$;
create trigger activation_link_erase_sealed before update on activation_link
    for each row when (new.token_sealed is not null and (new.used_at is not null or new.revoked_at is not null))
    execute function activation_link_erase_sealed();

-- Housekeeping erases the copies of links that expired unused.
create index activation_link_sealed_expiry on activation_link (expires_at) where token_sealed is not null;

-- SHA-256 of the pre-session cookie of the browser that used the link: a second accept from that
-- browser (a double click) gets a session too; any other client gets the "already activated" page.
alter table activation_link add column used_by_client bytea;

-- Sign out everywhere ends every session of one administrator.
create index web_session_admin_email on web_session (admin_email);
