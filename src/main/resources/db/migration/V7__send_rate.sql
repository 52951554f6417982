-- issue 18: smtp.max-per-second holds across every worker process. One row: a token bucket that
-- each message takes a token from (SendRateDao.reserve), so the processes share one rate.
create table send_rate (
    id          boolean primary key default true check (id),
    tokens      double precision not null,
    refilled_at timestamptz not null
);
insert into send_rate (id, tokens, refilled_at) values (true, 1, now());
