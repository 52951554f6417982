package io.activationworker.web;

import freemarker.core.HTMLOutputFormat;
import freemarker.core.TemplateClassResolver;
import freemarker.core.TemplateHTMLOutputModel;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import freemarker.template.TemplateModelException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import io.activationworker.wording.DateMethods;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Renders the pages in {@code templates/web} with FreeMarker (HTML auto-escaped), giving each
 * template the texts of its locale as {@code t} (from {@code messages_<locale>.properties}).
 */
public final class PageRenderer {

    private final Configuration freemarker;
    private final Map<String, Map<String, String>> messages = new HashMap<>();
    /** Per locale: its texts, its name and its date methods, built once (formatters are costly to build). */
    private final Map<String, Map<String, Object>> localeModels = new HashMap<>();
    private final Map<String, Sentences> sentences = new HashMap<>();

    public PageRenderer(Path templatesDir) {
        Path webDir = templatesDir.resolve("web");
        try {
            freemarker = new Configuration(Configuration.VERSION_2_3_33);
            freemarker.setDirectoryForTemplateLoading(webDir.toFile());
            freemarker.setDefaultEncoding("UTF-8");
            freemarker.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
            freemarker.setLogTemplateExceptions(false);
            freemarker.setAPIBuiltinEnabled(false);
            freemarker.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
            freemarker.setFallbackOnNullLoopVariable(false);
            for (String locale : new String[] {"en", "nl"}) {
                messages.put(locale, load(webDir.resolve("messages_" + locale + ".properties")));
                Map<String, Object> localeModel = new HashMap<>(DateMethods.forLocale(Locale.forLanguageTag(locale)));
                localeModel.put("t", messages.get(locale));
                Sentences said = new Sentences(messages.get(locale), Locale.forLanguageTag(locale));
                sentences.put(locale, said);
                localeModel.put("say", said.sayMethod());
                localeModel.put("count", said.countMethod());
                localeModel.put("lang", locale);
                localeModels.put(locale, Map.copyOf(localeModel));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the page templates in " + webDir + " cannot be read", e);
        }
    }

    public String render(String template, String locale, Map<String, Object> model) {
        Map<String, Object> all = new HashMap<>(model);
        all.putAll(localeModels.getOrDefault(locale, localeModels.get("en")));
        try {
            Template t = freemarker.getTemplate(template + ".ftlh");
            StringWriter out = new StringWriter(4096);
            t.process(all, out);
            return out.toString();
        } catch (IOException | TemplateException e) {
            throw new IllegalStateException("page " + template + " could not be rendered: " + e.getMessage(), e);
        }
    }

    /**
     * A fixed text (the terms) as HTML escaped once, for the model: a template prints it as it
     * would print the plain text, without escaping it again on every render.
     */
    public Object escapedOnce(String plainText) {
        try {
            TemplateHTMLOutputModel html = HTMLOutputFormat.INSTANCE.fromPlainTextByEscaping(plainText);
            HTMLOutputFormat.INSTANCE.getMarkupString(html); // escapes now, before the value is shared
            return html;
        } catch (TemplateModelException e) {
            throw new IllegalStateException("text could not be escaped: " + e.getMessage(), e);
        }
    }

    /**
     * Paragraphs of a fixed text (the terms) as {@code <p>} elements, escaped once for the model,
     * like {@link #escapedOnce(String)}.
     */
    public Object paragraphsEscapedOnce(List<String> paragraphs) {
        try {
            StringBuilder html = new StringBuilder();
            for (String p : paragraphs) {
                html.append("<p>").append(HTMLOutputFormat.INSTANCE.escapePlainText(p)).append("</p>\n");
            }
            return HTMLOutputFormat.INSTANCE.fromMarkup(html.toString());
        } catch (TemplateModelException e) {
            throw new IllegalStateException("text could not be escaped: " + e.getMessage(), e);
        }
    }

    /** A text of the page catalogue, for places outside templates (error messages on forms). */
    public String text(String locale, String key) {
        return messages.getOrDefault(locale, messages.get("en")).getOrDefault(key, key);
    }

    /** A whole sentence of the page catalogue with its values in it (see {@link Sentences}). */
    public String say(String locale, String key, List<?> values) {
        return sentences.getOrDefault(locale, sentences.get("en")).say(key, values);
    }

    private static Map<String, String> load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        Map<String, String> map = new HashMap<>();
        p.forEach((k, v) -> map.put((String) k, (String) v));
        return Map.copyOf(map);
    }
}
