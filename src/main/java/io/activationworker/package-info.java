/**
 * activation-worker: how the code is laid out. One package per feature; each holds its pages
 * (web handlers that translate a request into one use case call and its outcome into a page; no
 * page holds a {@code Jdbi}), its use cases (one transaction each, every DAO on that handle, the
 * outbox row included) and its DAO (every SQL statement on the feature's tables). Each web feature
 * wires itself from the configuration in one {@code …Feature} class, its limits named there.
 *
 * <pre>
 * package       job                                                        may use
 * ------------  ---------------------------------------------------------  ------------------------------
 * config        reads the YAML and environment into AppConfig; checks it    web (its settings records)
 * db            the pool, migrations, advisory locks, Transactions          config
 * wording       how pages and mails write dates                            (nothing)
 * catalogue     products.yaml: product names and seat caps                  (nothing)
 * key           product keys (KeyState, KeyChannel), tokens, hashing        db
 * agreement     partners and agreements as stored                          db
 * subscription  subscriptions (SubscriptionState), redemptions, the rules   (nothing)
 * ratelimit     counted attempts shared by all instances                    db
 * web           the HTTP edge: routing, requests, CSRF, error pages         db key wording
 * mail          renders and sends mail (templates, SMTP, DKIM, pipelining)  web wording
 * outbox        queued mail (OutboxState): the one insert, claim, deliver   config db key mail sendrate
 * signin        sign-in links, sessions (the one session insert), "/"       agreement config key mail outbox ratelimit subscription web
 * oidc          sign-in with a work account                                agreement config key signin web
 * activation    the emailed link: terms, accept, renewal, reminders         agreement config db key mail oidc outbox partner ratelimit signin subscription web
 * redemption    "Your products" and redeeming a new, unused key             activation agreement catalogue config key mail outbox partner ratelimit signin subscription web
 * agreements    the Agreements pages                                       activation agreement redemption signin web
 * feed          reads partner feeds, imports them, polls feed.dir           activation agreement catalogue db key outbox
 * partner       partner API, tokens, webhooks, delivery-failure notices     agreement config db feed key mail outbox web
 * ops           /healthz, /readyz, /metrics, status counts, housekeeping    activation db key oidc outbox partner ratelimit signin subscription web
 * cli           the commands (run, worker, serve, status, partner, …)       activation config db feed ops partner
 * </pre>
 *
 * <p>URL → page → use case (one transaction) → DAO:
 * <pre>
 * GET  /activate/{token}            ActivationPages     ShowActivationLink      ActivationPageDao (AcceptanceDao when used)
 * POST /activate/{token}            ActivationPages     ActivateKeys            AcceptDao (+ Outbox, Sessions.store)
 *                  (do=renew)                           RenewExpiredLink        ActivationLinkDao
 * GET|POST /activation-mail         ActivationMailPage  RequestActivationMail   AgreementDao, ProductKeyDao
 * GET  /  · POST /signout…          HomePage/SigninPages  Sessions              SessionDao
 * POST /signin                      SigninPages         RequestSignin           SigninLinkDao (+ Outbox)
 * GET|POST /signin/{token}          SigninPages         UseSigninLink           SigninLinkDao (+ Sessions.store)
 * GET  /signin/oidc[/callback]      OidcPages           OidcSignin, WorkAccounts  OidcLoginDao, OidcSessionDao
 * GET  /products                    ProductsPage        YourProducts            SubscriptionDao (AgreementDao, AcceptanceDao)
 * GET  /products/{id}/redeem        RedeemPages         YourProducts.owned      SubscriptionDao
 * POST /products/{id}/redeem        RedeemPages         ReviewOrder             ProductKeyDao (AttemptLogDao, SessionDao)
 * POST /products/{id}/redeem/confirm RedeemPages        RedeemKeys              ProductKeyDao, KeyRedemptionDao (+ Outbox)
 * GET|POST /agreements…             AgreementsPage      YourAgreements / ActivateKeys  PortalAgreementDao / AcceptDao
 * PUT  /partner/feeds/{name}        PartnerApi          FeedImporter            AgreementDao, ProductKeyDao (COPY)
 * GET  /partner/agreements          PartnerApi          AgreementStatusRows     (its own query)
 * GET  /metrics                     MetricsPage         CachedDatabaseGauges    StatusDao
 * GET  /healthz /readyz             HealthPages         ReadinessQueries        StatusDao.ping, Migrations
 * </pre>
 *
 * {@link io.activationworker.Services} builds what every command shares from the configuration;
 * {@link io.activationworker.Roles} starts the worker, the feed poller and the web handler, asking
 * each feature ({@code SigninFeature}, {@code OidcFeature}, {@code ActivationFeature},
 * {@code RedemptionFeature}, {@code AgreementsFeature}, {@code PartnerFeature}, {@code OpsFeature})
 * for its routes, and the worker's features ({@code OutboxFeature}, {@code PartnerFeature},
 * {@code ActivationFeature}, {@code OpsFeature}) for their workers and their minute jobs.
 */
package io.activationworker;
