package io.activationworker.redemption;

import java.util.List;

/**
 * Why an order cannot go ahead: a message key of the page catalogue and its arguments (a date as a
 * {@code LocalDate}, so the page writes it in its language).
 * {@code countsAsFailure} marks the guesses the rate limit counts (wrong or used keys).
 */
record OrderProblem(String message, List<Object> args, boolean countsAsFailure) {

    static OrderProblem of(String message, boolean countsAsFailure, Object... args) {
        return new OrderProblem(message, List.of(args), countsAsFailure);
    }
}
