package io.activationworker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The command line as a person meets it: usage, a command's help, a misspelt command. */
class MainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int execute(String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return Main.execute(args);
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    @Test
    void help_lists_every_command() {
        assertThat(execute("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: activation-worker",
                "run", "serve", "worker", "import", "validate", "status", "resend", "partner");
    }

    @Test
    void a_command_s_help_names_the_program_and_the_command() {
        assertThat(execute("status", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: activation-worker status", "--partner", "--json");
        assertThat(execute("partner", "show", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: activation-worker partner show");
    }

    @Test
    void a_misspelt_command_is_refused_with_a_suggestion() {
        assertThat(execute("stauts")).isNotZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("'stauts'", "Did you mean: activation-worker status?");
    }
}
