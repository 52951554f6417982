package io.activationworker.mail;

import freemarker.cache.FileTemplateLoader;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.SimpleHash;
import freemarker.template.SimpleObjectWrapper;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import freemarker.template.TemplateHashModel;
import freemarker.template.TemplateMethodModelEx;
import io.activationworker.wording.DateMethods;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders one message kind in one language from {@code templates/mail/<kind>/}: a one-line
 * subject, the plain-text body and the HTML body ({@code .ftlh}, escaped automatically).
 * One instance serves every thread; FreeMarker parses each template once and caches it.
 */
public final class MailRenderer {

    private static final String DEFAULT_LANGUAGE = "en";
    private static final Map<String, Locale> LANGUAGES = Map.of("en", Locale.ENGLISH, "nl", Locale.forLanguageTag("nl"));
    private static final List<String> LIBRARIES = List.of("_layout.ftlh", "_text.ftl");

    /** Each thread renders into its own buffer, again and again; StringWriter locks on every write. */
    private static final ThreadLocal<TextOutput> OUTPUT = ThreadLocal.withInitial(TextOutput::new);

    private final Configuration freemarker;
    private final Map<String, Map<String, TemplateMethodModelEx>> methodsByLanguage = new HashMap<>();

    public MailRenderer(Path templatesDir) {
        Path mailDir = templatesDir.resolve("mail");
        this.freemarker = configure(mailDir);
        LANGUAGES.forEach((language, locale) -> methodsByLanguage.put(language, DateMethods.forLocale(locale)));
        checkEveryTemplateParses(mailDir);
    }

    public RenderedMail render(MessageKind kind, String locale, Map<String, Object> model) {
        String language = supported(locale);
        Map<String, Object> values = new HashMap<>(model);
        // Ours win over a same-named model key: templates rely on these being the formatters.
        values.putAll(methodsByLanguage.get(language));
        // One root for the three templates: each value is wrapped for FreeMarker once, on first use.
        TemplateHashModel root = new SimpleHash(values, freemarker.getObjectWrapper(), 0);
        return new RenderedMail(
                oneLine(process(kind.dbName() + "/subject_" + language + ".ftl", language, root)),
                process(kind.dbName() + "/text_" + language + ".ftl", language, root),
                process(kind.dbName() + "/html_" + language + ".ftlh", language, root));
    }

    private String process(String name, String language, TemplateHashModel root) {
        try {
            // The template's locale becomes the run's locale: .lang in the shared libraries, numbers.
            Template template = freemarker.getTemplate(name, LANGUAGES.get(language));
            TextOutput out = OUTPUT.get();
            out.clear();
            template.process(root, out);
            return out.toString();
        } catch (TemplateException e) {
            throw new MailRenderingException("cannot render mail template " + name + ": " + reason(e), e);
        } catch (IOException e) {
            throw new MailRenderingException("cannot render mail template " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * One line for the outbox row and the log: FreeMarker's first paragraph and where it failed.
     * The tips and FTL stack stay available in the cause.
     */
    private static String reason(TemplateException e) {
        String first = e.getMessageWithoutStackTop().split("\\R\\s*\\R", 2)[0].replaceAll("\\s+", " ").trim();
        return first + " (" + e.getTemplateSourceName() + " line " + e.getLineNumber() + ")";
    }

    /** Header injection is refused at composition too; collapsing here keeps a stray newline harmless. */
    static String oneLine(String subject) {
        return subject.replaceAll("[\\r\\n]+", " ").trim();
    }

    /** "nl-NL" and "nl_BE" read Dutch; anything we have no templates for reads English. */
    static String supported(String locale) {
        if (locale == null) {
            return DEFAULT_LANGUAGE;
        }
        String language = locale.trim().toLowerCase(Locale.ROOT).split("[-_]", 2)[0];
        return LANGUAGES.containsKey(language) ? language : DEFAULT_LANGUAGE;
    }

    private static Configuration configure(Path mailDir) {
        Configuration cfg = new Configuration(Configuration.VERSION_2_3_33);
        try {
            cfg.setTemplateLoader(new FileTemplateLoader(mailDir.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("mail templates folder " + mailDir + " cannot be read", e);
        }
        cfg.setDefaultEncoding("UTF-8");
        cfg.setRecognizeStandardFileExtensions(true); // .ftlh → HTML auto-escaping, .ftl → plain text
        cfg.setLocalizedLookup(false); // the language is in the file name, chosen by us
        cfg.setLocale(Locale.ENGLISH);
        cfg.setNumberFormat("computer"); // seats print as 1000, never "1,000" or "1.000"
        cfg.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        cfg.setLogTemplateExceptions(false); // rethrown to the caller, who logs it with the message id
        cfg.setWrapUncheckedExceptions(true);
        cfg.setFallbackOnNullLoopVariable(false);
        // The model is JSON from the outbox: maps, lists, strings, numbers. Nothing else may be
        // wrapped, and templates may neither reach Java APIs nor instantiate classes.
        cfg.setObjectWrapper(new SimpleObjectWrapper(Configuration.VERSION_2_3_33));
        cfg.setAPIBuiltinEnabled(false);
        cfg.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        return cfg;
    }

    /**
     * A missing or unparsable template fails at start, not at the first message that needs it.
     * Loading with each language's locale also fills the cache the renders will use.
     */
    private void checkEveryTemplateParses(Path mailDir) {
        List<String> problems = new ArrayList<>();
        LANGUAGES.forEach((language, locale) -> {
            List<String> names = new ArrayList<>(LIBRARIES);
            for (MessageKind kind : MessageKind.values()) {
                names.add(kind.dbName() + "/subject_" + language + ".ftl");
                names.add(kind.dbName() + "/text_" + language + ".ftl");
                names.add(kind.dbName() + "/html_" + language + ".ftlh");
            }
            for (String name : names) {
                try {
                    freemarker.getTemplate(name, locale);
                } catch (IOException e) {
                    problems.add(name + ": " + e.getMessage().lines().findFirst().orElse(""));
                }
            }
        });
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("mail templates under " + mailDir + " are missing or broken: "
                    + String.join("; ", problems.stream().distinct().sorted().toList()));
        }
    }
}
