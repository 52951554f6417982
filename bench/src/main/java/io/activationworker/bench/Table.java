package io.activationworker.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The one table bench/run prints: scenario, our figure, the baseline's, the ratio, the target. */
final class Table {

    record Row(String scenario, String ours, String baseline, String ratio, String target, Boolean met) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    void add(String scenario, String ours, String baseline, String ratio, String target, Boolean met) {
        rows.add(new Row(scenario, ours, baseline, ratio, target, met));
        System.out.println("bench: " + scenario + " | " + ours + " | " + baseline + " | " + ratio + " | " + target
                + (met == null ? "" : met ? " | met" : " | NOT MET"));
    }

    void failed(String scenario, String target, String why) {
        add(scenario, "failed: " + why, "", "", target, false);
    }

    void note(String text) {
        notes.add(text);
    }

    String markdown() {
        StringBuilder s = new StringBuilder();
        s.append("| Scenario | Ours | Baseline | Ratio | Target |\n");
        s.append("|---|---:|---:|---:|---|\n");
        for (Row r : rows) {
            String mark = r.met() == null ? "" : r.met() ? " ✅" : " ❌";
            s.append("| ").append(r.scenario()).append(" | ").append(r.ours()).append(" | ").append(r.baseline())
                    .append(" | ").append(r.ratio()).append(" | ").append(r.target()).append(mark).append(" |\n");
        }
        if (!notes.isEmpty()) {
            s.append('\n');
            notes.forEach(n -> s.append("- ").append(n).append('\n'));
        }
        return s.toString();
    }

    static String rate(double perSecond, String unit) {
        return String.format(Locale.ROOT, "%,.0f %s", perSecond, unit);
    }

    static String ratio(double r) {
        return String.format(Locale.ROOT, "%.2f", r);
    }

    static String num(double v, int decimals) {
        return String.format(Locale.ROOT, "%,." + decimals + "f", v);
    }
}
