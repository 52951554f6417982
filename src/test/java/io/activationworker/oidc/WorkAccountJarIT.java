package io.activationworker.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import io.activationworker.testing.AppProcess;
import io.activationworker.testing.Browser;
import io.activationworker.testing.FreePort;
import io.activationworker.testing.OpenIdProvider;
import io.activationworker.testing.ProcessConfig;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar signs in with a work account: Nimbus and its JSON and JOSE parts are in the
 * jar and work there (the provider's test server, with Kotlin and OkHttp, stays on the test side).
 */
class WorkAccountJarIT {

    @Test
    void the_jar_signs_an_administrator_in_through_the_provider_and_refuses_a_replay() throws Exception {
        try (OpenIdProvider provider = new OpenIdProvider(false)) {
            Map<String, String> settings = new LinkedHashMap<>(provider.settings("Fabrikam ID"));
            ProcessConfig config = ProcessConfig.write(FreePort.pick(), settings);
            Files.writeString(config.feedDir().resolve("northwind.yaml"), io.activationworker.testing.Feeds.standard());
            try (AppProcess app = AppProcess.start("oidc-jar", config.file, Map.of(), "serve")) {
                app.awaitLog("event=started role=serve", Duration.ofSeconds(60));
                // serve does not import the feed: an administrator exists once the worker side has run; import it here.
                AppProcess.Result imported = AppProcess.run(config.file, Map.of(), Duration.ofSeconds(60), "import",
                        config.feedDir().resolve("northwind.yaml").toString());
                assertThat(imported.exitCode()).as(imported.stdout() + imported.stderr()).isZero();

                Browser browser = new Browser(config.baseUrl());
                assertThat(browser.get("/signin").body()).contains("Sign in with Fabrikam ID");
                HttpResponse<String> start = browser.get("/signin/oidc");
                String callback = provider.authorize(start.headers().firstValue("Location").orElseThrow());
                provider.nextLogin("anna@fabrikam.example");
                HttpResponse<String> done = browser.get(callback);
                assertThat(done.statusCode()).as(app.log()).isEqualTo(303);
                assertThat(browser.cookie()).startsWith("aw_session=");

                HttpResponse<String> replay = new Browser(config.baseUrl()).get(callback);
                assertThat(replay.statusCode()).isEqualTo(400);
                assertThat(replay.body()).contains("Sign-in did not succeed");
            }
        }
    }
}
