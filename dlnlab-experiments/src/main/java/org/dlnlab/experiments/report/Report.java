package org.dlnlab.experiments.report;

import org.dlnlab.experiments.Family;
import org.dlnlab.experiments.analysis.Claim;

import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The self-contained {@code report.html}: inline styles, figures embedded as base64 PNG (each linking its SVG
 * and the family's CSV by relative path), a settings table per family, the claim-vs-measured table and the
 * timing. No script, stylesheet, font or image is loaded from elsewhere.
 */
public final class Report {
    /** A family's part of the report. */
    public record Section(Family family, String csv, List<Figure> figures) {
    }

    /** A drawn figure: its spec and PNG bytes. */
    public record Figure(FigureSpec spec, byte[] png) {
    }

    /** What the timing section says. */
    public record Timing(double wallSeconds, int threads, int runsComputed, int runsLoaded, long gdSteps, long trainNanos,
                  double computeWallSeconds, List<String[]> perFamily) {
    }

    private Report() {
    }

    public static String html(String mode, long seed, List<Claim> claims, List<Section> sections, Timing timing) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>dlnlab reproduction: Marion &amp; Chizat (NeurIPS 2024)</title>\n<style>\n")
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
        h.append("<h1>Reproduction of Marion &amp; Chizat, “Deep linear networks for regression are implicitly"
                + " regularized towards flat minima” (NeurIPS 2024, arXiv:2405.13456)</h1>\n");
        h.append("<p>Produced by <code>dlnlab reproduce marion-chizat").append(mode.equals("quick") ? " --quick" : "")
                .append(" --seed ").append(seed).append("</code>. Mode: <b>").append(esc(mode)).append("</b>")
                .append(mode.equals("quick") ? " (reduced scales and repetitions: a smoke test of every figure, not"
                        + " the paper's statistics)" : " (the paper's settings and repetition counts)").append(".</p>\n");
        h.append("<div class=\"note\"><ul>\n")
                .append("<li>Computation is in float64; the paper's JAX code ran in float32. Divergence thresholds and"
                        + " the exact runs that diverge near the critical learning rate can differ for that reason.</li>\n")
                .append("<li>Every loss and sharpness uses the paper's <b>mse</b> convention R = (1/n)‖y − XE‖² (no"
                        + " ½); the sharpness is λ_max(∇²R) in that convention.</li>\n")
                .append("<li>Sharpness is our checked Lanczos (full reorthogonalization, relative residual tolerance"
                        + " 1e-10, residual reported in the CSVs); the paper's 20-step power iteration is computed at"
                        + " the same weights for comparison (columns <code>*_power</code>).</li>\n")
                .append("<li>A run diverges when its loss or gradient becomes non-finite or its loss exceeds 10⁶ ×"
                        + " max(initial loss, ‖Y‖²/n); diverged runs are counted (legends, Fig. 3, CSV column"
                        + " <code>diverged</code>) and never plotted as NaN. A run <i>converges</i> when it did not"
                        + " diverge and ends at squared distance ‖w_prod − w*‖²/d &lt; 1e-3; a learning rate"
                        + " succeeds when at least half of its runs converge.</li>\n")
                .append("<li>Bands are 95% confidence bands of the mean, mean ± 1.96·sd/√n.</li>\n")
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
            Family f = s.family();
            h.append("<h2 id=\"").append(esc(f.id())).append("\">").append(esc(f.title())).append("</h2>\n");
            h.append("<table>\n");
            for (Family.Setting st : f.settings()) {
                h.append("<tr><th>").append(esc(st.name())).append("</th><td>").append(esc(st.value()))
                        .append("</td></tr>\n");
            }
            h.append("<tr><th>tidy data</th><td><a href=\"").append(esc(s.csv())).append("\">").append(esc(s.csv()))
                    .append("</a></td></tr>\n</table>\n");
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
        StringBuilder m = new StringBuilder("<!-- written by `" + command + "` (claims.md); do not edit by hand -->\n");
        m.append("| claim | paper | measured | verdict | rule |\n|---|---|---|---|---|\n");
        for (Claim c : claims) {
            m.append("| ").append(cell(c.claim())).append(" | ").append(cell(c.paper())).append(" | ")
                    .append(cell(c.measured())).append(" | ").append(cell(c.verdict().label())).append(" | ")
                    .append(cell(c.rule())).append(" |\n");
        }
        return m.toString();
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
