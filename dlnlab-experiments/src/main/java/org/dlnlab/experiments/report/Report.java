package org.dlnlab.experiments.report;

import org.dlnlab.experiments.analysis.Claim;

import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The self-contained {@code report.html}: inline styles, figures embedded as base64 PNG (each linking its SVG
 * and the family's CSV by relative path), a settings table per family, the claim-vs-measured table and the
 * timing. No script, stylesheet, font or image is loaded from elsewhere. Also the claims as a Markdown table and
 * the timing as JSON, files of the output folder.
 */
public final class Report {
    /**
     * What the report says of the paper, in HTML: its short name (the page title), its full reference (the
     * heading) and what a reader must know to read the numbers (one list item each).
     */
    public record About(String name, String reference, List<String> notes) {
    }

    /** A family's part of the report: heading, settings table, link to its rows, tables of numbers, figures. */
    public record Section(String id, String title, List<Setting> settings, String csv, List<Figure> figures,
                          List<Table> tables) {
    }

    /** A table of numbers a family shows beside its figures: a caption, the column heads, rows of cells. */
    public record Table(String caption, List<String> header, List<List<String>> rows) {
    }

    /** A drawn figure: its spec and PNG bytes. */
    public record Figure(FigureSpec spec, byte[] png) {
    }

    /** What the timing section says. */
    public record Timing(double wallSeconds, int threads, int runsComputed, int runsLoaded, long gdSteps,
                         long trainNanos, double computeWallSeconds, List<String[]> perFamily) {
        /** Reads what {@link #timingJson} wrote; null when the text is not such a file. */
        public static Timing parse(String json) {
            try {
                var o = tools.jackson.databind.json.JsonMapper.builder().build().readTree(json);
                List<String[]> families = new java.util.ArrayList<>();
                o.get("families").properties().forEach(e -> families.add(new String[]{e.getKey(),
                        e.getValue().asString()}));
                return new Timing(o.get("wall_s").asDouble(), o.get("threads").asInt(),
                        o.get("runs_computed").asInt(), o.get("runs_loaded").asInt(), o.get("gd_steps").asLong(),
                        Math.round(o.get("gd_thread_time_s").asDouble() * 1e9), o.get("compute_wall_s").asDouble(),
                        families);
            } catch (RuntimeException e) {
                return null;
            }
        }
    }

    private Report() {
    }

    /**
     * The report of an invocation; {@code command} is the invocation without its options, e.g.
     * {@code dlnlab reproduce marion-chizat}.
     */
    public static String html(String command, About about, String mode, long seed, List<Claim> claims,
                              List<Section> sections, Timing timing) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>dlnlab reproduction: ").append(about.name()).append("</title>\n<style>\n")
                .append("body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222;}\n")
                .append("table{border-collapse:collapse;margin:0.8em 0;font-size:0.92em;}\n")
                .append("th,td{border:1px solid #ccc;padding:4px 8px;vertical-align:top;text-align:left;}\n")
                .append("th{background:#f2f2f2;}\n")
                .append(".agrees{background:#e3f4e3;}.disagrees{background:#fbe0e0;}.partly{background:#fff4d6;}\n")
                .append(".undetermined{background:#eee;}.reported{background:#eef3fb;}\n")
                .append("figure{margin:1.2em 0;}figure img{max-width:100%;border:1px solid #ddd;}\n")
                .append("figcaption{font-size:0.9em;color:#444;}\n.note{background:#f8f8f8;padding:0.6em 1em;")
                .append("border-left:3px solid #999;}\ncode{background:#f4f4f4;padding:0 3px;}\n")
                .append("</style>\n</head>\n<body>\n");
        h.append("<h1>Reproduction of ").append(about.reference()).append("</h1>\n");
        h.append("<p>Produced by <code>").append(command).append(mode.equals("quick") ? " --quick" : "")
                .append(" --seed ").append(seed).append("</code>. Mode: <b>").append(esc(mode)).append("</b>")
                .append(mode.equals("quick") ? " (reduced scales and repetitions: a smoke test of every figure, not"
                        + " the paper's statistics)" : " (the paper's settings and repetition counts)").append(".</p>\n");
        h.append("<div class=\"note\"><ul>\n");
        for (String note : about.notes()) {
            h.append("<li>").append(note).append("</li>\n");
        }
        h.append("<li>Bands are 95% confidence bands of the mean, mean ± 1.96·sd/√n.</li>\n")
                .append("<li>Same seed ⇒ byte-identical CSV files whatever the thread count: each run draws its random"
                        + " numbers from (seed, run key).</li>\n")
                .append("</ul></div>\n");

        h.append("<h2>Claims vs measurements</h2>\n<table>\n<tr><th>claim</th><th>paper</th><th>measured</th>"
                + "<th>verdict</th><th>rule</th></tr>\n");
        for (Claim c : claims) {
            String cls = c.verdict().name().toLowerCase(Locale.ROOT);
            h.append("<tr class=\"").append(cls).append("\" id=\"claim-").append(esc(c.id())).append("\"><td>")
                    .append(esc(c.claim())).append("</td><td>").append(esc(c.paper())).append("</td><td>")
                    .append(esc(c.measured())).append("</td><td>").append(esc(c.verdict().label()))
                    .append("</td><td>").append(esc(c.rule())).append("</td></tr>\n");
        }
        h.append("</table>\n<p>The same table is in <a href=\"claims.csv\">claims.csv</a>.</p>\n");

        for (Section s : sections) {
            h.append("<h2 id=\"").append(esc(s.id())).append("\">").append(esc(s.title())).append("</h2>\n");
            h.append("<table>\n");
            for (Setting st : s.settings()) {
                h.append("<tr><th>").append(esc(st.name())).append("</th><td>").append(esc(st.value()))
                        .append("</td></tr>\n");
            }
            h.append("<tr><th>tidy data</th><td><a href=\"").append(esc(s.csv())).append("\">").append(esc(s.csv()))
                    .append("</a></td></tr>\n</table>\n");
            for (Table t : s.tables()) {
                h.append("<table>\n<caption>").append(esc(t.caption())).append("</caption>\n<tr>");
                for (String head : t.header()) {
                    h.append("<th>").append(esc(head)).append("</th>");
                }
                h.append("</tr>\n");
                for (List<String> r : t.rows()) {
                    h.append("<tr>");
                    for (String cell : r) {
                        h.append("<td>").append(esc(cell)).append("</td>");
                    }
                    h.append("</tr>\n");
                }
                h.append("</table>\n");
            }
            for (Figure fig : s.figures()) {
                String name = fig.spec().name();
                h.append("<figure id=\"fig-").append(esc(name)).append("\">\n<img alt=\"").append(esc(fig.spec().title()))
                        .append("\" src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(fig.png()))
                        .append("\">\n<figcaption><b>").append(esc(fig.spec().title())).append(".</b> ")
                        .append(esc(fig.spec().caption())).append(" Files: <a href=\"figures/").append(esc(name))
                        .append(".svg\">").append(esc(name)).append(".svg</a>, <a href=\"figures/").append(esc(name))
                        .append(".png\">").append(esc(name)).append(".png</a>.</figcaption>\n</figure>\n");
            }
        }

        h.append("<h2 id=\"timing\">Timing</h2>\n<table>\n");
        row(h, "total wall time", String.format(Locale.ROOT, "%.1f s", timing.wallSeconds()));
        row(h, "threads", Integer.toString(timing.threads()));
        row(h, "runs computed now / loaded from an earlier run", timing.runsComputed() + " / " + timing.runsLoaded());
        row(h, "GD steps computed", String.format(Locale.ROOT, "%,d", timing.gdSteps()));
        if (timing.gdSteps() > 0) {
            row(h, "time per GD step (thread time in gradient descent / steps)",
                    String.format(Locale.ROOT, "%.3f µs", timing.trainNanos() / 1e3 / timing.gdSteps()));
            row(h, "wall time per GD step (compute wall time / steps, all threads)",
                    String.format(Locale.ROOT, "%.3f µs", timing.computeWallSeconds() * 1e6 / timing.gdSteps()));
        }
        for (String[] r : timing.perFamily()) {
            row(h, "wall time: " + r[0], r[1]);
        }
        h.append("</table>\n<p>Timing is the only part of this report that changes between runs with the same seed"
                + " (also in <a href=\"timing.json\">timing.json</a>).</p>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void row(StringBuilder h, String k, String v) {
        h.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v)).append("</td></tr>\n");
    }

    /**
     * The claims as a Markdown table, with the command and seed that produced it: the README carries this text
     * verbatim, and a test reruns the reproduction and compares.
     */
    public static String markdown(String command, List<Claim> claims) {
        StringBuilder m = new StringBuilder("<!-- written by `" + command + "`; do not edit by hand -->\n");
        m.append("| claim | paper | measured | verdict | rule |\n|---|---|---|---|---|\n");
        for (Claim c : claims) {
            m.append("| ").append(cell(c.claim())).append(" | ").append(cell(c.paper())).append(" | ")
                    .append(cell(c.measured())).append(" | ").append(cell(c.verdict().label())).append(" | ")
                    .append(cell(c.rule())).append(" |\n");
        }
        return m.toString();
    }

    /** {@code timing.json}: what the timing section says, for scripts. */
    public static String timingJson(Timing t) {
        StringBuilder sb = new StringBuilder("{\n");
        sb.append(String.format(Locale.ROOT, "  \"wall_s\": %.3f,%n", t.wallSeconds()));
        sb.append(String.format(Locale.ROOT, "  \"compute_wall_s\": %.3f,%n", t.computeWallSeconds()));
        sb.append("  \"threads\": ").append(t.threads()).append(",\n");
        sb.append("  \"runs_computed\": ").append(t.runsComputed()).append(",\n");
        sb.append("  \"runs_loaded\": ").append(t.runsLoaded()).append(",\n");
        sb.append("  \"gd_steps\": ").append(t.gdSteps()).append(",\n");
        sb.append("  \"gd_thread_time_s\": ").append(String.format(Locale.ROOT, "%.3f", t.trainNanos() / 1e9))
                .append(",\n");
        sb.append("  \"us_per_gd_step\": ").append(t.gdSteps() > 0 ? String.format(Locale.ROOT, "%.4f",
                t.trainNanos() / 1e3 / t.gdSteps()) : "null").append(",\n");
        sb.append("  \"families\": {");
        for (int i = 0; i < t.perFamily().size(); i++) {
            String[] r = t.perFamily().get(i);
            sb.append(i == 0 ? "\n" : ",\n").append("    \"").append(r[0]).append("\": \"").append(r[1]).append('"');
        }
        sb.append("\n  }\n}\n");
        return sb.toString();
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
