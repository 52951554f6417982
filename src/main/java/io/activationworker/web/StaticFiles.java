package io.activationworker.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The one stylesheet, read once at start and served with a long cache lifetime. */
public final class StaticFiles {

    private final byte[] stylesheet;

    public StaticFiles(Path templatesDir) {
        try {
            stylesheet = Files.readAllBytes(templatesDir.resolve("web").resolve("style.css"));
        } catch (IOException e) {
            throw new UncheckedIOException("the stylesheet cannot be read", e);
        }
    }

    public List<Route> routes() {
        return List.of(Route.get("/static/style.css", (req, m) ->
                WebResponse.bytes(200, "text/css; charset=utf-8", stylesheet).header("Cache-Control", "public, max-age=3600")));
    }
}
