package io.activationworker.wording;

import freemarker.template.SimpleScalar;
import freemarker.template.TemplateMethodModelEx;
import freemarker.template.TemplateModelException;
import freemarker.template.TemplateScalarModel;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The {@code date(...)} and {@code instant(...)} template methods. The outbox stores dates as ISO
 * strings (the model is JSON); readers want "30 June 2027" or "30 juni 2027". Instants are shown
 * in UTC with the zone named, because the recipient's own zone is unknown.
 */
public final class DateMethods {

    private DateMethods() {
    }

    /** Both methods for one language; built once per locale, immutable and thread-safe. */
    public static Map<String, TemplateMethodModelEx> forLocale(Locale locale) {
        DateTimeFormatter day = DateTimeFormatter.ofPattern("d MMMM uuuu", locale);
        String at = locale.getLanguage().equals("nl") ? "d MMMM uuuu 'om' HH:mm 'UTC'" : "d MMMM uuuu, HH:mm 'UTC'";
        DateTimeFormatter moment = DateTimeFormatter.ofPattern(at, locale).withZone(ZoneOffset.UTC);
        return Map.of(
                "date", method("date", "yyyy-MM-dd", remembered(iso -> day.format(LocalDate.parse(iso)))),
                "instant", method("instant", "an ISO-8601 instant", iso -> moment.format(Instant.parse(iso))));
    }

    /**
     * Every message of one import shows the same expiry date: parsing and formatting it once per
     * distinct date instead of per message took 3% of the worker's CPU. Bounded, so odd data
     * cannot grow it without limit.
     */
    private static UnaryOperator<String> remembered(UnaryOperator<String> format) {
        Map<String, String> known = new ConcurrentHashMap<>();
        return iso -> {
            String formatted = known.get(iso);
            if (formatted == null) {
                formatted = format.apply(iso);
                if (known.size() < 4096) {
                    known.put(iso, formatted);
                }
            }
            return formatted;
        };
    }

    private static TemplateMethodModelEx method(String name, String expected, UnaryOperator<String> format) {
        return arguments -> {
            if (arguments.size() != 1 || !(arguments.get(0) instanceof TemplateScalarModel value)) {
                throw new TemplateModelException(name + "(...) takes one string argument (" + expected + ")");
            }
            String iso = value.getAsString();
            try {
                return new SimpleScalar(format.apply(iso));
            } catch (DateTimeParseException e) {
                throw new TemplateModelException(name + "(\"" + iso + "\"): expected " + expected, e);
            }
        };
    }
}
