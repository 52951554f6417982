package io.activationworker.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import net.logstash.logback.encoder.LogstashEncoder;
import org.junit.jupiter.api.Test;

/** The JSON log line as {@code log.format=json} writes it (the encoder and provider ops.LogSetup installs). */
class KeyValueFieldsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String encode(Level level, String pattern, Throwable thrown, Object... args) {
        // The running context (it carries the MDC adapter); only read here, never reconfigured.
        LoggerContext context = (LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
        LogstashEncoder encoder = new LogstashEncoder();
        encoder.setContext(context);
        encoder.addProvider(new KeyValueFields());
        encoder.start();
        LoggingEvent event = new LoggingEvent(KeyValueFieldsTest.class.getName(), context.getLogger("OutboxWorker"),
                level, pattern, thrown, args);
        return new String(encoder.encode(event), StandardCharsets.UTF_8);
    }

    @Test
    void every_key_value_of_the_message_is_a_field_of_its_own() throws Exception {
        String line = encode(Level.WARN, "event=message_retry message_id={} kind={} agreement={} attempt={} retry_in_ms={} reason=\"{}\"",
                null, "<a1@activation.test>", "activation_link", "V0000002", 2, 400, "451 4.3.0 try later");
        JsonNode json = JSON.readTree(line);
        assertThat(json.get("event").asText()).isEqualTo("message_retry");
        assertThat(json.get("message_id").asText()).isEqualTo("<a1@activation.test>");
        assertThat(json.get("agreement").asText()).isEqualTo("V0000002");
        assertThat(json.get("attempt").isNumber()).isTrue();
        assertThat(json.get("attempt").asInt()).isEqualTo(2);
        assertThat(json.get("reason").asText()).isEqualTo("451 4.3.0 try later");
        assertThat(json.get("message").asText()).startsWith("event=message_retry");
        assertThat(json.has("stack_trace")).isFalse();
    }

    @Test
    void an_unexpected_exception_keeps_its_stack_trace_in_its_own_field_on_one_line() throws Exception {
        NullPointerException npe = new NullPointerException();
        String line = encode(Level.WARN, "event=worker_cycle_failed reason=\"{}\" outcome=retry", npe, npe);
        assertThat(line.strip()).doesNotContain("\n");
        JsonNode json = JSON.readTree(line);
        assertThat(json.get("event").asText()).isEqualTo("worker_cycle_failed");
        assertThat(json.get("reason").asText()).isEqualTo("java.lang.NullPointerException").isNotEqualTo("null");
        assertThat(json.get("outcome").asText()).isEqualTo("retry");
        assertThat(json.get("stack_trace").asText()).contains("NullPointerException", "KeyValueFieldsTest");
    }

    @Test
    void a_key_named_like_a_standard_field_does_not_replace_it() throws Exception {
        JsonNode json = JSON.readTree(encode(Level.INFO, "event=x message=y level=z", null));
        assertThat(json.get("message").asText()).isEqualTo("event=x message=y level=z");
        assertThat(json.get("kv_message").asText()).isEqualTo("y");
        assertThat(json.get("level").asText()).isEqualTo("INFO");
    }
}
