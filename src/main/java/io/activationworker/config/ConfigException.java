package io.activationworker.config;

import java.util.List;

/** Every configuration problem found, one line each: "key: 'value' is not …". */
public final class ConfigException extends RuntimeException {

    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
