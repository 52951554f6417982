/**
 * What the integration tests build their world from. JUnit extensions, registered on a field
 * with {@code @RegisterExtension} (per test; on a static field, per class):
 * {@link io.activationworker.testing.PostgresExtension} (a fresh migrated database on the shared
 * {@link io.activationworker.testing.TestPostgres}), {@link io.activationworker.testing.StoppablePostgres}
 * (a server of the test's own, to stop, freeze and restart), {@link io.activationworker.testing.RelayExtension}
 * (GreenMail behind the {@link io.activationworker.testing.SmtpFaultProxy}) and
 * {@link io.activationworker.testing.ProcessExtension} (the packaged jar as child processes,
 * {@link io.activationworker.testing.AppProcess}, none left running). Beside them: the whole
 * application in this JVM ({@link io.activationworker.testing.TestApp}), what a user's browser or
 * mail client does ({@link io.activationworker.testing.Browser}, {@link io.activationworker.testing.Mails}),
 * and waiting for an event instead of a pause ({@link io.activationworker.testing.Poll},
 * {@link io.activationworker.testing.LogCapture}, {@link io.activationworker.testing.AppProcess#awaitLog}).
 */
package io.activationworker.testing;
