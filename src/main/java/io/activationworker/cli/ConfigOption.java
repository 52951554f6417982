package io.activationworker.cli;

import io.activationworker.config.AppConfig;
import io.activationworker.config.ConfigLoader;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --config FILE}, taken by every command. */
final class ConfigOption {

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "config/activation.properties",
            description = "Configuration file (default: ${DEFAULT-VALUE}); ACTIVATION_* variables override its keys.")
    Path file;

    public AppConfig load() {
        return ConfigLoader.fromFile(file);
    }
}
