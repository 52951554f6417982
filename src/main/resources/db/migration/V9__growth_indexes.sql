-- issue 18.4: what `status` and the metrics gauges ask about should not cost a scan of every
-- message or agreement ever stored once there are a million (bench/NOTES.md §27).

-- Age of the oldest unfinished message (min(created_at): the first entry of this index) and the
-- retries pending (attempts read from the index alone): the unfinished messages only, however
-- many were sent before.
create index outbox_unfinished on outbox_message (created_at) include (attempts)
    where state in ('queued', 'sending');

-- Undeliverable agreements are few; counting them reads only those.
create index agreement_undeliverable on agreement (number) where undeliverable_at is not null;
