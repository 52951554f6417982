package io.activationworker.web;

/** Hears each completed request (metrics hang off this). */
@FunctionalInterface
public interface RequestListener {

    /** {@code route} is the route's name ({@code /activate/{token}}), or {@code unmatched}. */
    void completed(String method, String route, int status, long nanos);
}
