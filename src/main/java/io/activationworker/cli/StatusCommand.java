package io.activationworker.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.activationworker.Services;
import io.activationworker.ops.StatusCounts;
import io.activationworker.ops.StatusDao;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Counts: agreements, keys, subscriptions and outbox by state, age of the oldest queued message.")
public final class StatusCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Option(names = "--json", description = "Print one JSON object (the shape DESIGN.md fixes).")
    boolean json;

    @Override
    public Integer call() throws JsonProcessingException {
        try (Services services = Services.open(config.load(), 2)) {
            StatusCounts counts = services.database().jdbi().withExtension(StatusDao.class, StatusCounts::read);
            System.out.print(json ? new ObjectMapper().writeValueAsString(counts.asJsonShape()) + "\n" : counts.asText());
        }
        return 0;
    }
}
