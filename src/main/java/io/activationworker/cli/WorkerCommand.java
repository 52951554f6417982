package io.activationworker.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "worker", mixinStandardHelpOptions = true,
        description = "Only the outbox worker, the feed watcher and reminders (plus /healthz, /readyz, /metrics).")
public final class WorkerCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() {
        return LongRunning.run(config, "worker", roles -> {
            roles.startWorker();
            roles.startOpsEndpoints();
        });
    }
}
