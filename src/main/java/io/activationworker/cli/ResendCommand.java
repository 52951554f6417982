package io.activationworker.cli;

import io.activationworker.Services;
import io.activationworker.activation.ResendActivation;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "resend", mixinStandardHelpOptions = true,
        description = "Revokes the open activation links of an agreement and sends a new one to its current administrator.")
public final class ResendCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Parameters(paramLabel = "AGREEMENT", description = "The agreement number, e.g. V1234567.")
    String agreement;

    @Override
    public Integer call() {
        try (Services services = Services.open(config.load(), 2)) {
            ResendActivation.Result result = new ResendActivation(services.database().jdbi(), services.links())
                    .resend(agreement);
            System.out.println(result.message());
            return result.ok() ? 0 : 1;
        }
    }
}
