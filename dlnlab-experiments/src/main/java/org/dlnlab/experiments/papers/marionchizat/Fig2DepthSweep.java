package org.dlnlab.experiments.papers.marionchizat;

import org.dlnlab.experiments.SweepFamily;
import org.dlnlab.experiments.analysis.Claim;
import org.dlnlab.experiments.analysis.CriticalRate;
import org.dlnlab.experiments.exec.Runner;
import org.dlnlab.experiments.report.FigureSpec;
import org.dlnlab.experiments.report.Fmt;
import org.dlnlab.experiments.report.Plots;
import org.dlnlab.experiments.report.Setting;
import org.dlnlab.experiments.spec.Grids;
import org.dlnlab.experiments.spec.RunConfig;
import org.dlnlab.experiments.spec.RunGrid;
import org.dlnlab.experiments.store.SweepRow;
import org.dlnlab.theory.Bounds;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Fig. 2: residual networks of depth L ∈ {5, 10, 20, 40} (each with the paper's fixed projection depths_L{L})
 * from residual:0.25, GD over the learning-rate grid logspace(−2, −0.3, 25). The figure shows the final squared
 * distance vs η with vertical lines at the predicted threshold 1/(La) = 2/S_lb; the claims compare the measured
 * critical rate (largest η where at least half of the runs converge) with 2/S_lb and 2/S_bal.
 */
final class Fig2DepthSweep implements SweepFamily {
    /**
     * @param projectionPattern {@code String.format} pattern of the projection for a depth
     * @param rates             the learning-rate grid (geometric)
     */
    public record Config(String data, List<Integer> depths, String projectionPattern, double scale,
                         List<Double> rates, int steps, int reps) {
        public static Config paper() {
            return new Config("builtin:mc_fig1", List.of(5, 10, 20, 40), "builtin:mc_projections:depths_L%d", 0.25,
                    Grids.logspace(-2, -0.3, 25), 1000, 50);
        }

        /** The full grid and depths, 3 repetitions. */
        public static Config quick() {
            return new Config("builtin:mc_fig1", List.of(5, 10, 20, 40), "builtin:mc_projections:depths_L%d", 0.25,
                    Grids.logspace(-2, -0.3, 25), 1000, 3);
        }

        /** The ratio of consecutive grid points. */
        public double gridRatio() {
            return rates.get(1) / rates.get(0);
        }
    }

    private final Config config;

    public Fig2DepthSweep(Config config) {
        this.config = config;
    }

    @Override
    public String id() {
        return "fig2";
    }

    @Override
    public String title() {
        return "Fig. 2: critical learning rate vs depth (residual init s = " + Grids.key(config.scale()) + ")";
    }

    @Override
    public Config config() {
        return config;
    }

    @Override
    public List<Setting> settings() {
        return List.of(new Setting("data", config.data()),
                new Setting("depths L", config.depths().stream().map(String::valueOf).collect(Collectors.joining(", "))),
                new Setting("network", "L square layers d×d, projection " + config.projectionPattern().replace("%d", "{L}")),
                new Setting("initialization", "residual:" + Grids.key(config.scale())),
                new Setting("learning rates", config.rates().size() + " values, logspace(" + Fmt.g(Math.log10(
                        config.rates().get(0))) + ", " + Fmt.g(Math.log10(config.rates().get(config.rates().size() - 1)))
                        + "): " + config.rates().stream().map(Grids::key).collect(Collectors.joining(", "))),
                new Setting("steps, reps", config.steps() + " steps, " + config.reps() + " reps"),
                new Setting("success rule", "a run converges when not diverged and ‖w_prod − w*‖²/d < "
                        + CriticalRate.DISTANCE_TOLERANCE + "; η succeeds when ≥ half of its runs converge"),
                new Setting("runs", Integer.toString(runs().size())));
    }

    @Override
    public List<RunConfig> runs() {
        // Depth, projection, η and rep come from the grid.
        RunConfig base = new RunConfig("fig2", "fig2", config.data(), null, 0, 0, null, "residual", config.scale(), 0,
                config.steps(), 0, 0);
        return RunGrid.of(base).depths(config.depths(), l -> String.format(Locale.ROOT, config.projectionPattern(), l))
                .rates(config.rates()).reps(config.reps()).runs();
    }

    /** Per value of {@code by} (depth here, scale in Fig. 1a), the tallies of converged runs per learning rate. */
    static <K extends Comparable<K>> Map<K, List<CriticalRate.Tally>> tallies(List<SweepRow> rows,
                                                                              Function<SweepRow, K> by) {
        Map<K, List<CriticalRate.Tally>> out = new TreeMap<>();
        for (Map.Entry<K, List<SweepRow>> e : Plots.group(rows, by).entrySet()) {
            List<CriticalRate.Tally> grid = new ArrayList<>();
            for (Map.Entry<Double, List<SweepRow>> g : Plots.group(e.getValue(), SweepRow::learningRate).entrySet()) {
                int conv = (int) g.getValue().stream().filter(SweepRow::converged).count();
                grid.add(new CriticalRate.Tally(g.getKey(), conv, g.getValue().size()));
            }
            out.put(e.getKey(), grid);
        }
        return out;
    }

    @Override
    public List<FigureSpec> figures(List<SweepRow> rows, Runner theory) {
        List<FigureSpec.Series> dist = new ArrayList<>();
        List<FigureSpec.Series> success = new ArrayList<>();
        double yMin = Math.max(Fig1Sweep.DISTANCE_FLOOR, rows.stream().filter(r -> !r.diverged()
                && r.finalSqDistance() > 0).mapToDouble(SweepRow::finalSqDistance).min().orElse(1e-6));
        double yMax = rows.stream().filter(r -> !r.diverged()).mapToDouble(SweepRow::finalSqDistance).max()
                .orElse(1);
        int color = 0;
        for (Map.Entry<Integer, List<SweepRow>> e : Plots.group(rows, SweepRow::depth).entrySet()) {
            int depth = e.getKey();
            Bounds b = theory.bounds(config.data(), depth);
            Map<Double, double[]> d = new TreeMap<>();
            Map<Double, double[]> ok = new TreeMap<>();
            for (Map.Entry<Double, List<SweepRow>> g : Plots.group(e.getValue(), SweepRow::learningRate).entrySet()) {
                d.put(g.getKey(), Plots.values(g.getValue(), r -> !r.diverged(), SweepRow::finalSqDistance));
                ok.put(g.getKey(), Plots.values(g.getValue(), r -> true, r -> r.converged() ? 1 : 0));
            }
            long div = e.getValue().stream().filter(SweepRow::diverged).count();
            Plots.meanWithBand(dist, "L = " + depth + " (" + div + "/" + e.getValue().size() + " diverged)", d, color,
                    true);
            Plots.meanWithBand(success, "L = " + depth, ok, color, false);
            double pred = b.criticalLearningRate();
            dist.add(FigureSpec.vertical("1/(La) = " + Grids.key(pred), pred, yMin, Math.max(yMax, yMin * 10),
                    FigureSpec.Style.DASHED, color));
            success.add(FigureSpec.vertical("1/(La) = " + Grids.key(pred), pred, 0, 1, FigureSpec.Style.DASHED,
                    color));
            color++;
        }
        success.add(FigureSpec.horizontal("success threshold 1/2", 0.5, config.rates().get(0),
                config.rates().get(config.rates().size() - 1), FigureSpec.Style.DOTTED, -1));
        return List.of(
                new FigureSpec("fig2", "Fig. 2: final squared distance vs learning rate, by depth", "learning rate η",
                        "final ‖w_prod − w*‖²/d", true, true, dist,
                        "Mean over the runs that did not diverge, with 95% bands; diverged runs are counted in the"
                                + " legend, never drawn. Dashed: the predicted threshold 1/(La‖w*‖^(2−2/L)) = 2/S_lb"
                                + " of each depth. Values below " + Fmt.g(Fig1Sweep.DISTANCE_FLOOR) + " are drawn at "
                                + Fmt.g(Fig1Sweep.DISTANCE_FLOOR) + ".", Fig1Sweep.DISTANCE_FLOOR),
                new FigureSpec("fig2_success", "Fig. 2 (success rule): share of converged runs vs learning rate",
                        "learning rate η", "share of runs with ‖w_prod − w*‖²/d < 1e-3, not diverged", true, false,
                        success, "The measured critical learning rate is the largest η whose share is ≥ 1/2"
                        + " (dotted). Dashed: 1/(La) of each depth."));
    }

    @Override
    public List<Claim> claims(List<SweepRow> rows, Runner theory) {
        List<Claim> claims = new ArrayList<>();
        Map<Integer, List<CriticalRate.Tally>> tallies = tallies(rows, SweepRow::depth);
        double q = config.gridRatio();
        Map<Integer, Double> measured = new TreeMap<>();
        for (Map.Entry<Integer, List<CriticalRate.Tally>> e : tallies.entrySet()) {
            int depth = e.getKey();
            Bounds b = theory.bounds(config.data(), depth);
            double c = CriticalRate.measured(e.getValue());
            measured.put(depth, c);
            double lb = b.criticalLearningRate();
            double bal = 2 / b.balancedMinimizerSharpness();
            String next = e.getValue().stream().filter(t -> t.learningRate() > c).findFirst()
                    .map(t -> "; next grid η " + Fmt.g(t.learningRate()) + ": " + t.converged() + "/" + t.runs()
                            + " converged").orElse("");
            boolean within = CriticalRate.withinOneGridStep(c, lb, q);
            boolean withinBal = CriticalRate.withinOneGridStep(c, bal, q);
            String steps = Double.isNaN(c) ? "" : " (" + Fmt.g(Math.log(c / lb) / Math.log(q)) + " grid steps from"
                    + " 1/(La))";
            claims.add(new Claim("fig2_critical_lr_L" + depth, "Fig. 2, depth " + depth + ": GD converges for η below"
                    + " ≈ 2/S_min and fails above; predicted 1/(La) = 2/S_lb",
                    "1/(La) = " + Fmt.g(lb) + " (2/S_bal = " + Fmt.g(bal) + ")",
                    "η_c = " + Fmt.g(c) + steps + next + (CriticalRate.monotone(e.getValue()) ? ""
                            : "; some smaller η fail too") + "; within one grid step of 1/(La): "
                            + (within ? "yes" : "no") + ", of 2/S_bal: " + (withinBal ? "yes" : "no"),
                    c, Double.isNaN(c) ? Claim.Verdict.UNDETERMINED
                    : within ? Claim.Verdict.AGREES : Claim.Verdict.DISAGREES, "η_c = the largest grid η with ≥ half"
                    + " of its runs converged; agrees when |ln(η_c·La)| ≤ ln q (q = " + Fmt.g(q) + ", one grid step),"
                    + " else disagrees; undetermined when no η succeeds"));
        }
        if (measured.size() >= 2) {
            int lo = ((TreeMap<Integer, Double>) measured).firstKey();
            int hi = ((TreeMap<Integer, Double>) measured).lastKey();
            double ratio = measured.get(lo) / measured.get(hi);
            double predicted = theory.bounds(config.data(), lo).criticalLearningRate()
                    / theory.bounds(config.data(), hi).criticalLearningRate();
            boolean ok = Math.abs(Math.log(ratio / predicted)) <= 2 * Math.log(q) * (1 + 1e-9);
            claims.add(new Claim("fig2_scaling", "Fig. 2: the critical learning rate falls like 1/L",
                    "η_c(L=" + lo + ")/η_c(L=" + hi + ") = " + Fmt.g(predicted),
                    "measured ratio " + Fmt.g(ratio) + " (grid resolution: a factor " + Fmt.g(q * q) + ")", ratio,
                    Double.isNaN(ratio) ? Claim.Verdict.UNDETERMINED : ok ? Claim.Verdict.AGREES
                            : Claim.Verdict.DISAGREES, "agrees when the measured ratio is within a factor q² = "
                            + Fmt.g(q * q) + " of the predicted one (each η_c is known to one grid step), else"
                            + " disagrees"));
        }
        return claims;
    }
}
