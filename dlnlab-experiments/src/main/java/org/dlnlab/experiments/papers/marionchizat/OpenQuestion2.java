package org.dlnlab.experiments.papers.marionchizat;

import org.dlnlab.experiments.SweepFamily;
import org.dlnlab.experiments.analysis.Claim;
import org.dlnlab.experiments.analysis.Stats;
import org.dlnlab.experiments.exec.Runner;
import org.dlnlab.experiments.report.FigureSpec;
import org.dlnlab.experiments.report.Fmt;
import org.dlnlab.experiments.report.Plots;
import org.dlnlab.experiments.report.Setting;
import org.dlnlab.experiments.spec.Grids;
import org.dlnlab.experiments.spec.RunConfig;
import org.dlnlab.experiments.spec.RunGrid;
import org.dlnlab.experiments.store.SweepRow;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A study the paper does not have, on its open question 2 ("How does the implicit regularization towards flat minima
 * generalize to deep non-linear networks for regression tasks?", set apart from the regularization SGD's noise
 * brings), on {@code builtin:mc_nonlinear} (noiseless labels of a linear teacher, n = 50, d = 5):
 * <ul>
 *   <li>{@link Depth} ({@code oq2_depth}): GELU and tanh nets trained by GD from a small initialization, final
 *   sharpness against the depth L next to the linear network's lower bound S_lb(L) = 2La‖w*‖^{2−2/L};</li>
 *   <li>{@link Batches} ({@code oq2_sgd}): SGD at several batch sizes against GD (B = n) at the same η, on the
 *   linear and the GELU net.</li>
 * </ul>
 * Runs that converged (loss &lt; 1e-3·R(0)) count; each family's claim is reported, with the numbers the data give.
 */
final class OpenQuestion2 {
    static final String DATA = "builtin:mc_nonlinear";
    static final double SCALE = 0.45;
    static final double LEARNING_RATE = 0.02;

    private OpenQuestion2() {
    }

    /** The value of {@code /name=value} in a run key. */
    static String part(String key, String name) {
        for (String p : key.split("/")) {
            if (p.startsWith(name + "=")) {
                return p.substring(name.length() + 1);
            }
        }
        throw new IllegalArgumentException("run key " + key + " has no " + name);
    }

    /** The base run of the study: the data, width d, small:s, η; the key names the activation. */
    private static RunConfig base(String family, String activation, int depth, int steps, int batchSize) {
        return new RunConfig(family, family + "/act=" + activation, DATA, null, depth, 5, null, "small", SCALE,
                LEARNING_RATE, steps, 0, 0, activation, batchSize);
    }

    /** Per activation (the key's {@code act=}), the mean final sharpness of converged runs against x, with its band. */
    static void addPerActivation(List<FigureSpec.Series> out, List<SweepRow> rows,
                                 java.util.function.Function<SweepRow, Double> x) {
        int color = 0;
        for (Map.Entry<String, List<SweepRow>> e : Plots.group(rows, r -> part(r.runKey(), "act")).entrySet()) {
            Map<Double, double[]> byX = new TreeMap<>();
            Plots.group(e.getValue(), x).forEach((k, g) ->
                    byX.put(k, Plots.values(g, SweepRow::converged, SweepRow::finalSharpness)));
            Plots.meanWithBand(out, e.getKey() + " (final, converged runs)", byX, color++, true);
        }
    }

    /** Mean difference b − a with its 95% interval (normal approximation, unequal variances); two values each. */
    static double[] difference(double[] a, double[] b) {
        double d = Stats.mean(b) - Stats.mean(a);
        double se = Math.sqrt(Stats.sd(a) * Stats.sd(a) / a.length + Stats.sd(b) * Stats.sd(b) / b.length);
        return new double[]{d, d - Stats.Z95 * se, d + Stats.Z95 * se};
    }

    /** Final sharpness against depth, GELU and tanh, with the linear lower bound. */
    static final class Depth implements SweepFamily {
        static final String FAMILY = "oq2_depth";

        record Config(List<String> activations, List<Integer> depths, int steps, int reps) {
            static Config paper() {
                return new Config(List.of("gelu", "tanh"), List.of(2, 4, 6, 10, 14, 20), 12_000, 2);
            }

            static Config quick() {
                return new Config(List.of("gelu", "tanh"), List.of(2, 6), 1_500, 1);
            }
        }

        private final Config config;

        Depth(Config config) {
            this.config = config;
        }

        @Override
        public String id() {
            return FAMILY;
        }

        @Override
        public String title() {
            return "Open question 2 (a study the paper does not have): sharpness against depth for GELU and tanh";
        }

        @Override
        public Config config() {
            return config;
        }

        @Override
        public List<Setting> settings() {
            return List.of(new Setting("data", DATA + " (noiseless labels)"),
                    new Setting("networks", "widths d×d then 1×d, activations " + config.activations()
                            + ", depths L ∈ " + config.depths()),
                    new Setting("training", "GD η = " + LEARNING_RATE + ", " + config.steps() + " steps from small:"
                            + SCALE + ", " + config.reps() + " reps"),
                    new Setting("runs", Integer.toString(runs().size())));
        }

        @Override
        public List<RunConfig> runs() {
            List<RunConfig> runs = new ArrayList<>();
            for (String a : config.activations()) {
                runs.addAll(RunGrid.of(base(FAMILY, a, 2, config.steps(), 0)).depths(config.depths(), l -> null)
                        .reps(config.reps()).runs());
            }
            return runs;
        }

        @Override
        public List<FigureSpec> figures(List<SweepRow> rows, Runner theory) {
            List<FigureSpec.Series> s = new ArrayList<>();
            addPerActivation(s, rows, r -> (double) r.depth());
            double[] ls = config.depths().stream().mapToDouble(Integer::doubleValue).toArray();
            double[] lb = config.depths().stream().mapToDouble(l -> theory.bounds(DATA, l).sharpnessLowerBound())
                    .toArray();
            s.add(new FigureSpec.Series("linear lower bound 2La‖w*‖^(2−2/L)", ls, lb, FigureSpec.Style.DASHED, -1));
            s.add(FigureSpec.horizontal("2/η = " + Grids.key(2 / LEARNING_RATE), 2 / LEARNING_RATE, ls[0],
                    ls[ls.length - 1], FigureSpec.Style.DOTTED, -1));
            return List.of(new FigureSpec("oq2_depth", "Open question 2: final sharpness against depth (mse)",
                    "depth L", "sharpness λ_max(∇²R) (mse convention)", false, true, s,
                    "GD from small:" + SCALE + " at η = " + LEARNING_RATE + " on mc_nonlinear; mean over converged"
                            + " runs with 95% bands; the dashed line is the deep linear network's lower bound on the"
                            + " sharpness of any minimizer, for these data and each L."));
        }

        @Override
        public List<Claim> claims(List<SweepRow> rows, Runner theory) {
            StringBuilder m = new StringBuilder();
            double overall = Double.NaN;
            for (Map.Entry<String, List<SweepRow>> e : Plots.group(rows, r -> part(r.runKey(), "act")).entrySet()) {
                List<SweepRow> conv = e.getValue().stream().filter(SweepRow::converged).toList();
                double[] ratio = conv.stream().mapToDouble(r -> r.finalSharpness()
                        / theory.bounds(DATA, r.depth()).sharpnessLowerBound()).toArray();
                double[] l = conv.stream().mapToDouble(SweepRow::depth).toArray();
                double rho = ratio.length >= 3 ? Stats.spearman(l, ratio) : Double.NaN;
                if (e.getKey().equals("gelu")) {
                    overall = Stats.median(ratio);
                }
                m.append(e.getKey()).append(": ").append(conv.size()).append("/").append(e.getValue().size())
                        .append(" converged, S/S_lb(L) median ").append(Fmt.g(Stats.median(ratio))).append(" in [")
                        .append(Fmt.g(ratio.length == 0 ? Double.NaN : java.util.Arrays.stream(ratio).min()
                                .orElse(Double.NaN))).append(", ").append(Fmt.g(Stats.max(ratio)))
                        .append("], Spearman ρ(L, S/S_lb) = ").append(Fmt.g(rho)).append(" (")
                        .append(Fmt.pEq(Stats.correlationPValue(rho, ratio.length))).append("); ");
            }
            return List.of(new Claim("oq2_depth_vs_linear_bound", "Open question 2: GELU and tanh nets trained by GD"
                    + " from a small initialization end near the linear network's lower bound 2La‖w*‖^(2−2/L) at"
                    + " every depth", "open question (not answered by the paper)",
                    m.toString().replaceAll("; $", ""), overall,
                    Claim.Verdict.REPORTED, Claim.NO_RULE + "; S/S_lb(L) over converged runs (loss < 1e-3·R(0))"));
        }
    }

    /** SGD at several batch sizes against GD at the same η, on the linear and the GELU net. */
    static final class Batches implements SweepFamily {
        static final String FAMILY = "oq2_sgd";
        static final int DEPTH = 10;

        record Config(List<String> activations, List<Integer> batchSizes, int steps, int reps) {
            /** B = 50 = n is GD (the same mean step; a test holds SGD at B = n to GD). */
            static Config paper() {
                return new Config(List.of("linear", "gelu"), List.of(5, 10, 25, 50), 12_000, 3);
            }

            static Config quick() {
                return new Config(List.of("linear", "gelu"), List.of(10, 50), 1_500, 1);
            }
        }

        private final Config config;

        Batches(Config config) {
            this.config = config;
        }

        @Override
        public String id() {
            return FAMILY;
        }

        @Override
        public String title() {
            return "Open question 2 (a study the paper does not have): SGD against GD at the same learning rate";
        }

        @Override
        public Config config() {
            return config;
        }

        @Override
        public List<Setting> settings() {
            return List.of(new Setting("data", DATA + " (noiseless labels, n = 50)"),
                    new Setting("networks", "depth " + DEPTH + ", widths d×d then 1×d, " + config.activations()),
                    new Setting("training", "η = " + LEARNING_RATE + ", " + config.steps() + " steps (one batch each)"
                            + " from small:" + SCALE + ", batch sizes " + config.batchSizes() + " (50 = GD), "
                            + config.reps() + " reps"),
                    new Setting("runs", Integer.toString(runs().size())));
        }

        @Override
        public List<RunConfig> runs() {
            List<RunConfig> runs = new ArrayList<>();
            for (String a : config.activations()) {
                for (int b : config.batchSizes()) {
                    RunConfig base = base(FAMILY, a, DEPTH, config.steps(), b);
                    base = new RunConfig(base.figure(), base.key() + String.format(java.util.Locale.ROOT, "/B=%02d", b),
                            base.data(), null, DEPTH, base.width(), null, base.init(), SCALE, LEARNING_RATE,
                            config.steps(), 0, 0, a, b);
                    runs.addAll(RunGrid.of(base).reps(config.reps()).runs());
                }
            }
            return runs;
        }

        private static int batch(SweepRow r) {
            return Integer.parseInt(part(r.runKey(), "B"));
        }

        @Override
        public List<FigureSpec> figures(List<SweepRow> rows, Runner theory) {
            List<FigureSpec.Series> s = new ArrayList<>();
            addPerActivation(s, rows, r -> (double) batch(r));
            double b0 = config.batchSizes().get(0);
            double b1 = config.batchSizes().get(config.batchSizes().size() - 1);
            s.add(FigureSpec.horizontal("linear lower bound 2La‖w*‖^(2−2/L) = "
                    + Fmt.g(theory.bounds(DATA, DEPTH).sharpnessLowerBound()),
                    theory.bounds(DATA, DEPTH).sharpnessLowerBound(), b0, b1, FigureSpec.Style.DASHED, -1));
            return List.of(new FigureSpec("oq2_sgd", "Open question 2: SGD against GD (B = n) at η = "
                    + Grids.key(LEARNING_RATE), "batch size B (B = 50 = n is GD)", "final sharpness (mse convention)",
                    true, true, s, "Full-batch sharpness at the end of " + config.steps() + " steps; mean over"
                    + " converged runs (loss < 1e-3·R(0)) with 95% bands."));
        }

        @Override
        public List<Claim> claims(List<SweepRow> rows, Runner theory) {
            StringBuilder m = new StringBuilder();
            int gd = config.batchSizes().get(config.batchSizes().size() - 1);
            double smallest = Double.NaN;
            for (Map.Entry<String, List<SweepRow>> e : Plots.group(rows, r -> part(r.runKey(), "act")).entrySet()) {
                TreeMap<Integer, List<SweepRow>> byB = Plots.group(e.getValue(), Batches::batch);
                double[] full = Plots.values(byB.getOrDefault(gd, List.of()), SweepRow::converged,
                        SweepRow::finalSharpness);
                m.append(e.getKey()).append(": GD S = ").append(Fmt.g(Stats.mean(full))).append(" (n = ")
                        .append(full.length).append(")");
                for (Map.Entry<Integer, List<SweepRow>> b : byB.entrySet()) {
                    if (b.getKey() == gd) {
                        continue;
                    }
                    double[] sgd = Plots.values(b.getValue(), SweepRow::converged, SweepRow::finalSharpness);
                    m.append("; B = ").append(b.getKey()).append(": S = ").append(Fmt.g(Stats.mean(sgd)))
                            .append(" (n = ").append(sgd.length).append(")");
                    if (sgd.length < 2 || full.length < 2) {
                        m.append(", too few converged runs to compare");
                        continue;
                    }
                    double[] d = difference(full, sgd);
                    m.append(", SGD − GD = ").append(Fmt.g(d[0])).append(" [").append(Fmt.g(d[1])).append(", ")
                            .append(Fmt.g(d[2])).append("] → ")
                            .append(d[2] < 0 ? "flatter" : d[1] > 0 ? "sharper" : "no difference at 95%");
                    if (e.getKey().equals("gelu") && b.getKey() == config.batchSizes().get(0)) {
                        smallest = d[0];
                    }
                }
                m.append(". ");
            }
            return List.of(new Claim("oq2_sgd_vs_gd", "Open question 2: does SGD find flatter minima than GD at the"
                    + " same η (linear and GELU nets)?", "open question; the paper sets SGD's noise apart",
                    m.toString().strip(), smallest, Claim.Verdict.REPORTED, Claim.NO_RULE + "; per batch size, the"
                    + " difference of mean final sharpness SGD − GD over converged runs with its 95% interval (normal"
                    + " approximation, unequal variances): flatter when the interval lies below 0"));
        }
    }
}
