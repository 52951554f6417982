package io.activationworker;

import io.activationworker.cli.ImportCommand;
import io.activationworker.cli.PartnerCommand;
import io.activationworker.cli.ResendCommand;
import io.activationworker.cli.RunCommand;
import io.activationworker.cli.ServeCommand;
import io.activationworker.cli.StatusCommand;
import io.activationworker.cli.ValidateCommand;
import io.activationworker.cli.WorkerCommand;
import io.activationworker.config.ConfigException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Parses the command line and runs one command; see DESIGN.md "Command line". */
@Command(name = "activation-worker", mixinStandardHelpOptions = true, version = "activation-worker 0.1",
        description = "Activates volume-licence subscriptions by email.")
public final class Main implements Runnable {

    /**
     * The commands, in the order the usage lists them. Only the one named on the command line is
     * given to picocli: reading every command's annotations (the partner command alone has four
     * subcommands) took a third of a one-off command's start-up in a fresh JVM (issue 16 #2).
     */
    private static final Map<String, Supplier<Object>> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("run", RunCommand::new);
        COMMANDS.put("serve", ServeCommand::new);
        COMMANDS.put("worker", WorkerCommand::new);
        COMMANDS.put("import", ImportCommand::new);
        COMMANDS.put("validate", ValidateCommand::new);
        COMMANDS.put("status", StatusCommand::new);
        COMMANDS.put("resend", ResendCommand::new);
        COMMANDS.put("partner", PartnerCommand::new); // issue 16
    }

    /** Exit code for bad configuration and unreadable input. */
    public static final int UNUSABLE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new Main());
        Supplier<Object> named = args.length > 0 ? COMMANDS.get(args[0]) : null;
        if (named != null) {
            cli.addSubcommand(args[0], named.get());
        } else { // no command, --help, or a misspelt one: the usage lists them all
            COMMANDS.forEach((name, command) -> cli.addSubcommand(name, command.get()));
        }
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ConfigException config) {
                config.problems().forEach(p -> System.err.println("configuration error: " + p));
            } else {
                System.err.println("error: " + describe(e));
            }
            return UNUSABLE;
        });
        return cli.execute(args);
    }

    /** One line a person can act on, from the outermost useful message. */
    private static String describe(Throwable e) {
        String msg = e.getMessage();
        for (Throwable t = e.getCause(); (msg == null || msg.isBlank()) && t != null; t = t.getCause()) {
            msg = t.getMessage();
        }
        return msg == null ? e.getClass().getSimpleName() : msg.lines().findFirst().orElse(msg);
    }
}
