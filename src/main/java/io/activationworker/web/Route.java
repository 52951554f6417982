package io.activationworker.web;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A method and a path pattern; groups of the pattern are handed to the handler. */
public record Route(String method, Pattern path, Handler handler) {

    @FunctionalInterface
    public interface Handler {
        WebResponse handle(WebRequest request, Matcher path);
    }

    public static Route get(String regex, Handler handler) {
        return new Route("GET", Pattern.compile(regex), handler);
    }

    public static Route post(String regex, Handler handler) {
        return new Route("POST", Pattern.compile(regex), handler);
    }

    // issue 16: the partner API uploads a feed with PUT
    public static Route put(String regex, Handler handler) {
        return new Route("PUT", Pattern.compile(regex), handler);
    }
}
