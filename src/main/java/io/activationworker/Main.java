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
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Parses the command line and runs one command; see DESIGN.md "Command line". */
@Command(name = "activation-worker", mixinStandardHelpOptions = true, version = "activation-worker 0.1",
        description = "Activates volume-licence subscriptions by email.",
        subcommands = {RunCommand.class, ServeCommand.class, WorkerCommand.class, ImportCommand.class,
                ValidateCommand.class, StatusCommand.class, ResendCommand.class,
                PartnerCommand.class}) // issue 16: partner
public final class Main implements Runnable {

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
