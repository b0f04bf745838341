package org.dlnlab.experiments.papers.marionchizat;

import org.dlnlab.experiments.TrajectoryFamily;
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
import org.dlnlab.experiments.store.TrajectoryRow;
import org.dlnlab.theory.Bounds;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Fig. 1c/1d (and the residual analogue): single GD runs from one initialization scale at a small and a large
 * learning rate, with loss, squared distance and a Lanczos sharpness sample every K steps. 1c: excess loss
 * R − R_min and squared distance vs step; 1d: sharpness vs step with 2/η and S_lb.
 */
final class Fig1Trajectories implements TrajectoryFamily {
    /**
     * @param id             file stem and key prefix
     * @param rates          the learning rates (one run each)
     * @param sharpnessEvery K: a sharpness sample every K steps
     */
    public record Config(String id, String data, int depth, int width, String projection, String init, double scale,
                         List<Double> rates, int steps, int sharpnessEvery) {
        /** docs/experiments.md, Fig. 1c/1d: s = 0.35, 450 steps, η = 0.02 and 0.1, sharpness every 5 steps. */
        public static Config paper() {
            return new Config("fig1_trajectories", "builtin:mc_fig1", 10, 5, null, "small", 0.35,
                    List.of(0.02, 0.1), 450, 5);
        }

        /** Residual analogue: s = 0.5, 400 steps, the same two learning rates. */
        public static Config residualPaper() {
            return new Config("fig1_residual_trajectories", "builtin:mc_fig1", 10, 5,
                    "builtin:mc_projections:resnet_L10", "residual", 0.5, List.of(0.02, 0.1), 400, 5);
        }
    }

    private final Config config;

    public Fig1Trajectories(Config config) {
        this.config = config;
    }

    private boolean residual() {
        return config.projection() != null;
    }

    @Override
    public String id() {
        return config.id();
    }

    @Override
    public String title() {
        return residual() ? "Residual analogue of Fig. 1c/1d: trajectories (residual init s = "
                + Grids.key(config.scale()) + ")" : "Fig. 1c and 1d: trajectories (s = " + Grids.key(config.scale())
                + ")";
    }

    @Override
    public Config config() {
        return config;
    }

    @Override
    public List<Setting> settings() {
        return List.of(new Setting("data", config.data()),
                new Setting("network", residual() ? config.depth() + " square layers d×d, projection "
                        + config.projection() : "depth " + config.depth() + ", widths d×d then 1×d"),
                new Setting("initialization", config.init() + ":" + Grids.key(config.scale())),
                new Setting("learning rates", config.rates().stream().map(Grids::key)
                        .collect(Collectors.joining(", "))),
                new Setting("steps", Integer.toString(config.steps())),
                new Setting("sharpness", "checked Lanczos every " + config.sharpnessEvery() + " steps"));
    }

    @Override
    public List<RunConfig> runs() {
        // η and s come from the grid; one run per η, no repetitions (and no rep in the key).
        RunConfig base = new RunConfig(config.id(), config.id(), config.data(), null, config.depth(), config.width(),
                config.projection(), config.init(), 0, 0, config.steps(), 0, config.sharpnessEvery());
        return RunGrid.of(base).rates(config.rates()).scales(List.of(config.scale())).runs();
    }

    @Override
    public List<FigureSpec> figures(List<TrajectoryRow> rows, Runner theory) {
        Bounds b = theory.bounds(config.data(), config.depth());
        double rMin = theory.problem(config.data()).rMin();
        List<FigureSpec.Series> c = new ArrayList<>();
        List<FigureSpec.Series> d = new ArrayList<>();
        int color = 0;
        for (Map.Entry<Double, List<TrajectoryRow>> e : Plots.group(rows, TrajectoryRow::learningRate).entrySet()) {
            double eta = e.getKey();
            List<TrajectoryRow> t = e.getValue();
            double[] step = t.stream().mapToDouble(TrajectoryRow::step).toArray();
            String label = "η = " + Grids.key(eta);
            c.add(new FigureSpec.Series("R − R_min, " + label, step,
                    t.stream().mapToDouble(r -> r.loss() - rMin).toArray(), FigureSpec.Style.LINE, color));
            c.add(new FigureSpec.Series("‖w_prod − w*‖²/d, " + label, step,
                    t.stream().mapToDouble(TrajectoryRow::sqDistance).toArray(), FigureSpec.Style.DASHED, color));
            List<TrajectoryRow> sampled = t.stream().filter(r -> Double.isFinite(r.sharpness())).toList();
            d.add(new FigureSpec.Series("sharpness, " + label, sampled.stream().mapToDouble(TrajectoryRow::step)
                    .toArray(), sampled.stream().mapToDouble(TrajectoryRow::sharpness).toArray(),
                    FigureSpec.Style.LINE, color));
            d.add(FigureSpec.horizontal("2/η = " + Grids.key(2 / eta), 2 / eta, 0, config.steps(),
                    FigureSpec.Style.DASHED, color));
            color++;
        }
        d.add(FigureSpec.horizontal("S_lb = " + Grids.key(b.sharpnessLowerBound()), b.sharpnessLowerBound(), 0,
                config.steps(), FigureSpec.Style.DOTTED, -1));
        String sfx = residual() ? "_residual" : "";
        String pre = residual() ? "Residual analogue of Fig. 1" : "Fig. 1";
        return List.of(
                new FigureSpec("fig1c" + sfx, pre + "c: excess loss and squared distance along GD", "GD step",
                        "R − R_min and ‖w_prod − w*‖²/d (mse)", false, true, c,
                        "One run per learning rate from " + config.init() + ":" + Grids.key(config.scale())
                                + "; R_min = " + Fmt.g(rMin) + " is the least-squares risk. Values below "
                                + Fmt.g(Fig1Sweep.DISTANCE_FLOOR) + " are drawn at " + Fmt.g(Fig1Sweep.DISTANCE_FLOOR)
                                + "; values at or below 0 (round-off) are not drawn.", Fig1Sweep.DISTANCE_FLOOR),
                new FigureSpec("fig1d" + sfx, pre + "d: sharpness along GD (edge of stability)", "GD step",
                        "sharpness λ_max(∇²R) (mse convention)", false, true, d,
                        "Checked Lanczos every " + config.sharpnessEvery() + " steps; dashed: 2/η of each run;"
                                + " dotted: S_lb = 2La‖w*‖^(2−2/L)."));
    }

    @Override
    public List<Claim> claims(List<TrajectoryRow> rows, Runner theory) {
        Bounds b = theory.bounds(config.data(), config.depth());
        StringBuilder detail = new StringBuilder();
        double eosRatio = Double.NaN;
        // The "stays below 2/η" half needs at least one smaller η to hold non-vacuously.
        int smaller = 0;
        int smallerBelow = 0;
        double top = config.rates().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        for (Map.Entry<Double, List<TrajectoryRow>> e : Plots.group(rows, TrajectoryRow::learningRate).entrySet()) {
            double eta = e.getKey();
            List<TrajectoryRow> t = e.getValue();
            double[] s = t.stream().mapToDouble(TrajectoryRow::sharpness).filter(Double::isFinite).toArray();
            double[] late = t.stream().filter(r -> r.step() >= config.steps() / 2).mapToDouble(TrajectoryRow::sharpness)
                    .filter(Double::isFinite).toArray();
            double max = Stats.max(s);
            double last = s.length == 0 ? Double.NaN : s[s.length - 1];
            double lateMean = late.length == 0 ? Double.NaN : Stats.mean(late);
            if (detail.length() > 0) {
                detail.append("; ");
            }
            detail.append("η = ").append(Grids.key(eta)).append(": max ").append(Fmt.g(max)).append(", mean over the"
                    + " second half ").append(Fmt.g(lateMean)).append(", last ").append(Fmt.g(last))
                    .append(" (2/η = ").append(Fmt.g(2 / eta)).append(")");
            if (eta == top) {
                eosRatio = lateMean * eta / 2;
            } else {
                smaller++;
                smallerBelow += max < 2 / eta ? 1 : 0;
            }
        }
        boolean belowForSmall = smaller > 0 && smallerBelow == smaller;
        boolean hovers = Math.abs(eosRatio - 1) <= 0.1;
        Claim.Verdict v = residual() ? Claim.Verdict.REPORTED : Double.isNaN(eosRatio) ? Claim.Verdict.UNDETERMINED
                : hovers && belowForSmall ? Claim.Verdict.AGREES : hovers || belowForSmall ? Claim.Verdict.PARTLY
                : Claim.Verdict.DISAGREES;
        return List.of(new Claim(config.id() + "_edge_of_stability", (residual() ? "Residual analogue of Fig. 1d"
                : "Fig. 1d") + ": at η = " + Grids.key(top) + " the sharpness rises to 2/η and hovers there; at the"
                + " smaller η it stays below 2/η", "sharpness ≈ 2/η = " + Fmt.g(2 / top) + " (S_lb = "
                + Fmt.g(b.sharpnessLowerBound()) + ")", detail + "; second-half mean·η/2 = " + Fmt.g(eosRatio),
                eosRatio, v, residual() ? Claim.NO_RULE : "agrees when the second-half mean sharpness at η = "
                + Grids.key(top) + " is within 10% of 2/η and every smaller η stays below its 2/η, partly when one"
                + " of the two holds, else disagrees"));
    }
}
