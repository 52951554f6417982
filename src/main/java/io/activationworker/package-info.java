/**
 * activation-worker: how the code is laid out. One package per feature; each holds its pages
 * (web handlers that translate a request into a use case and an outcome into a page), its use
 * cases (one transaction each), and its DAO (every SQL statement on the feature's tables).
 *
 * <pre>
 * package       job                                                        may use
 * ------------  ---------------------------------------------------------  ------------------------------
 * config        reads the YAML and environment into AppConfig; checks it    (nothing)
 * db            the pool, migrations, advisory locks, the embedded server   config
 * catalogue     products.yaml: product names and seat caps                  (nothing)
 * key           product keys, token generation, hashing, sealing            db
 * agreement     partners and agreements as stored                          db
 * subscription  subscriptions and key redemptions (rules + DAO)             (nothing)
 * ratelimit     counted attempts shared by all instances                    (nothing)
 * feed          reads partner feeds, imports them, polls feed.dir           activation agreement catalogue db key outbox
 * mail          renders and sends mail (templates, SMTP, DKIM, pipelining)  web (page rendering helpers)
 * outbox        queued mail: claim, lease, retry, deliver                   db key mail
 * activation    the emailed link: terms page, accept, reminders, expiry     agreement db key mail outbox ratelimit signin subscription web
 * signin        sign-in links, sessions, "/" and sign out                   agreement key mail outbox ratelimit web
 * redemption    "Your products" and redeeming a new, unused key             activation agreement catalogue key mail outbox ratelimit signin subscription web
 * web           the HTTP edge: routing, requests, responses, error pages    db key mail
 * ops           /healthz, /readyz, /metrics, status counts                  db outbox ratelimit signin web
 * cli           the commands (run, worker, serve, status, …)                activation config feed ops
 * </pre>
 *
 * {@link io.activationworker.Services} builds what every command shares from the configuration;
 * {@link io.activationworker.Roles} starts the worker, the feed poller and the web handler.
 * To find what a URL does: its route is registered in {@code Roles}; the page class it names
 * calls one use case in the same package, which uses that package's DAO.
 */
package io.activationworker;
