package io.activationworker.redemption;

import java.util.List;

/**
 * Why an order cannot go ahead: a message key of the page catalogue and its arguments.
 * {@code countsAsFailure} marks the guesses the rate limit counts (wrong or used keys).
 */
public record OrderProblem(String message, List<String> args, boolean countsAsFailure) {

    static OrderProblem of(String message, boolean countsAsFailure, String... args) {
        return new OrderProblem(message, List.of(args), countsAsFailure);
    }
}
