package io.activationworker.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Dry run of import: every check against the database, nothing stored or sent.",
                "Exit 0: all accepted; 1: some agreements or keys rejected; 2: a file unreadable."})
public final class ValidateCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Parameters(paramLabel = "PATH", description = "A *.yaml, *.yml or *.json feed file, or a folder of them.")
    Path path;

    @Override
    public Integer call() {
        return FeedCommand.run(config, path, (services, doc) -> services.feedImporter().validate(doc), System.out);
    }
}
