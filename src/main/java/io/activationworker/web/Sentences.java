package io.activationworker.web;

import freemarker.template.SimpleScalar;
import freemarker.template.TemplateMethodModelEx;
import freemarker.template.TemplateModelException;
import freemarker.template.TemplateNumberModel;
import freemarker.template.TemplateScalarModel;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Whole sentences with their values inside: a catalogue text such as "The subscription now runs
 * until {0}." is filled in here rather than a template gluing "…runs until" + value + ".", which
 * is how a space crept in before the full stop and how Dutch ended up with "zoveel licenties: 35".
 * A translator sees, and can reorder, the whole sentence.
 *
 * <p>{@code {0}}, {@code {1}} … are replaced by the values as text; a {@link LocalDate} is written
 * the way the language writes a date ("2 December 2028", "2 december 2028"), never as ISO.
 * Unlike {@link java.text.MessageFormat} an apostrophe is just an apostrophe and numbers get no
 * grouping separators.
 */
final class Sentences {

    private final Map<String, String> texts;
    private final DateTimeFormatter dates;

    public Sentences(Map<String, String> texts, Locale locale) {
        this.texts = texts;
        this.dates = DateTimeFormatter.ofPattern("d MMMM uuuu", locale);
    }

    /** The text under {@code key} with its placeholders filled in; the key itself when it is missing. */
    public String say(String key, List<?> values) {
        return fill(texts.getOrDefault(key, key), values);
    }

    /** "1 licence" / "25 licences": {@code key} + ".one" or + ".other". */
    public String count(String key, long n) {
        return fill(texts.getOrDefault(key + (n == 1 ? ".one" : ".other"), "{0} " + key), List.of(n));
    }

    String fill(String pattern, List<?> values) {
        StringBuilder out = new StringBuilder(pattern.length() + 32);
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            int close = c == '{' ? pattern.indexOf('}', i) : -1;
            if (close > i + 1 && isIndex(pattern, i + 1, close)) {
                int index = Integer.parseInt(pattern, i + 1, close, 10);
                out.append(index < values.size() ? text(values.get(index)) : pattern.substring(i, close + 1));
                i = close + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private String text(Object value) {
        return value instanceof LocalDate d ? dates.format(d) : String.valueOf(value);
    }

    private static boolean isIndex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return to - from <= 2;
    }

    /** The template method {@code say(key, value…)}: the whole sentence, escaped by the page like any text. */
    public TemplateMethodModelEx sayMethod() {
        return arguments -> {
            if (arguments.isEmpty() || !(arguments.get(0) instanceof TemplateScalarModel key)) {
                throw new TemplateModelException("say(key, value…) takes a text key first");
            }
            Object[] values = new Object[arguments.size() - 1];
            for (int i = 1; i < arguments.size(); i++) {
                values[i - 1] = plain(arguments.get(i));
            }
            return new SimpleScalar(say(key.getAsString(), List.of(values)));
        };
    }

    /** The template method {@code count(key, n)}: "1 licence", "25 licences". */
    public TemplateMethodModelEx countMethod() {
        return arguments -> {
            if (arguments.size() != 2 || !(arguments.get(0) instanceof TemplateScalarModel key)
                    || !(arguments.get(1) instanceof TemplateNumberModel n)) {
                throw new TemplateModelException("count(key, number) takes a text key and a number");
            }
            return new SimpleScalar(count(key.getAsString(), n.getAsNumber().longValue()));
        };
    }

    private static Object plain(Object model) throws TemplateModelException {
        if (model instanceof TemplateNumberModel n) {
            Number number = n.getAsNumber();
            return number.doubleValue() == number.longValue() ? Long.toString(number.longValue()) : number.toString();
        }
        if (model instanceof TemplateScalarModel s) {
            return s.getAsString();
        }
        throw new TemplateModelException("say(...) takes text or numbers as values, not " + model);
    }
}
