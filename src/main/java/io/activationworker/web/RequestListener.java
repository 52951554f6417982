package io.activationworker.web;

/** Hears each completed request (metrics hang off this). */
@FunctionalInterface
public interface RequestListener {

    void completed(String route, int status, long nanos);
}
