package io.activationworker.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Migrations, feed watcher, worker and web handler in one process (the main job).")
public final class RunCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() {
        return LongRunning.run(config, "run", roles -> {
            roles.startWorker();
            roles.startWeb();
        });
    }
}
