package io.activationworker.partner;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {

    @Test
    void signs_the_standard_webhooks_reference_example() {
        // The test vector of the Standard Webhooks reference libraries.
        String signature = WebhookSigner.signatures(List.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
                "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L, "{\"test\": 2432232314}");
        assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void during_a_rotation_both_signatures_are_sent_space_separated() {
        String both = WebhookSigner.signatures(List.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32])), "msg_1", 1L, "{}");
        assertThat(both.split(" ")).hasSize(2).allSatisfy(s -> assertThat(s).startsWith("v1,"));
    }

    @Test
    void the_schedule_follows_the_spec_with_jitter_and_ends_after_about_three_days() {
        WebhookSchedule schedule = new WebhookSchedule(new Random(7));
        assertThat(schedule.waitAfter(1)).hasValueSatisfying(d ->
                assertThat(d).isBetween(Duration.ofMillis(4000), Duration.ofMillis(6000)));
        assertThat(schedule.waitAfter(2)).hasValueSatisfying(d ->
                assertThat(d).isBetween(Duration.ofMinutes(4), Duration.ofMinutes(6)));
        assertThat(schedule.waitAfter(3)).hasValueSatisfying(d ->
                assertThat(d).isBetween(Duration.ofMinutes(24), Duration.ofMinutes(36)));
        Duration total = WebhookSchedule.WAITS.stream().reduce(Duration.ZERO, Duration::plus);
        assertThat(total).isBetween(Duration.ofDays(2), Duration.ofDays(4));
        assertThat(schedule.waitAfter(schedule.maxAttempts())).isEmpty();
    }

    @Test
    void loopback_and_private_addresses_are_refused_unless_allowed() throws Exception {
        assertThat(WebhookClient.isPrivate(InetAddress.getByName("127.0.0.1"))).isTrue();
        assertThat(WebhookClient.isPrivate(InetAddress.getByName("10.1.2.3"))).isTrue();
        assertThat(WebhookClient.isPrivate(InetAddress.getByName("192.168.1.1"))).isTrue();
        assertThat(WebhookClient.isPrivate(InetAddress.getByName("169.254.169.254"))).isTrue();
        assertThat(WebhookClient.isPrivate(InetAddress.getByName("::1"))).isTrue();
        assertThat(WebhookClient.isPrivate(InetAddress.getByName("fd00::1"))).isTrue();
        assertThat(WebhookClient.isPrivate(InetAddress.getByName("93.184.215.14"))).isFalse();
        WebhookClient strict = new WebhookClient(Duration.ofSeconds(2), false, Clock.systemUTC());
        WebhookClient.Outcome outcome = strict.post("http://127.0.0.1:9/hook", "msg_1", 1L, "v1,x", "{}");
        assertThat(outcome.status()).isZero();
        assertThat(outcome.error()).startsWith("refused:").contains("webhook.allow-private");
    }
}
