package io.activationworker.web;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A method and a path pattern; groups of the pattern are handed to the handler. Its name, used as
 * the metric label, is the pattern written as a path: {@code /activate/(?<token>[^/]*)} is
 * {@code /activate/{token}}. {@code maxBody} is the largest request body the route reads
 * (0: the server's {@code http.max-body-bytes}).
 */
public record Route(String method, Pattern path, Handler handler, String name, long maxBody) {

    @FunctionalInterface
    public interface Handler {
        WebResponse handle(WebRequest request, Matcher path);
    }

    public Route(String method, Pattern path, Handler handler) {
        this(method, path, handler, nameOf(path.pattern()), 0);
    }

    public static Route get(String regex, Handler handler) {
        return new Route("GET", Pattern.compile(regex), handler);
    }

    public static Route post(String regex, Handler handler) {
        return new Route("POST", Pattern.compile(regex), handler);
    }

    /** The same route reading bodies up to {@code bytes} (a feed upload rather than a form). */
    public Route withMaxBody(long bytes) {
        return new Route(method, path, handler, name, bytes);
    }

    /**
     * The pattern as a path template: a named group becomes {@code {name}}, an unnamed one
     * {@code {param}}, and escaped characters lose their backslash.
     */
    static String nameOf(String regex) {
        StringBuilder name = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\' && i + 1 < regex.length()) {
                if (depth == 0) {
                    name.append(regex.charAt(i + 1));
                }
                i++;
            } else if (c == '(') {
                if (depth == 0) {
                    if (regex.startsWith("(?<", i) && i + 3 < regex.length() && Character.isLetter(regex.charAt(i + 3))) {
                        name.append('{').append(regex, i + 3, regex.indexOf('>', i)).append('}');
                    } else {
                        name.append("{param}");
                    }
                }
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (depth == 0) {
                name.append(c);
            }
        }
        return name.toString();
    }

    // issue 16: the partner API uploads a feed with PUT
    public static Route put(String regex, Handler handler) {
        return new Route("PUT", Pattern.compile(regex), handler);
    }
}
