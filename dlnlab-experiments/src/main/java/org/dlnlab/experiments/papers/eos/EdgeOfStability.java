package org.dlnlab.experiments.papers.eos;

import org.dlnlab.experiments.Family;
import org.dlnlab.experiments.Paper;
import org.dlnlab.experiments.Reproduction;
import org.dlnlab.experiments.analysis.Claim;
import org.dlnlab.experiments.report.Report;
import org.dlnlab.experiments.report.Setting;
import org.dlnlab.experiments.spec.Grids;
import org.dlnlab.experiments.spec.RunConfig;
import org.dlnlab.experiments.store.SweepRow;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * {@code dlnlab reproduce eos}: the edge of stability modelled by the central flow (Cohen, Damian et al., ICLR
 * 2025) next to GD and gradient flow on Marion &amp; Chizat's set-ups, towards their open question 1. E1: Fig. 1c/1d's
 * set-up at three learning rates, step by step (e1.csv, and the edge statistics per η in e1_edge.csv); E2: the final
 * sharpness of GD against the central flow's and min(S_GF, 2/η) over a grid of (s, η); E3: the same on residual
 * networks of depth 5…40 near their critical η. Its families are table families of the common {@link Reproduction}
 * driver, which stores, resumes and times them; results are the same bytes for any number of threads.
 */
public final class EdgeOfStability implements Paper {
    public static final String ID = "eos";

    /** The settings of one scale. */
    record Config(List<Double> e1Rates, int e1Steps, List<Double> e2Scales, List<Double> e2Rates, int e2Steps,
                  List<Integer> e3Depths, List<Double> e3Factors, int e3Steps) {
        static Config paper() {
            return new Config(List.of(0.02, 0.07, 0.1), 450, Grids.linspace(0.25, 0.6, 8),
                    List.of(0.02, 0.07, 0.1, 0.2), 1000, List.of(5, 10, 20, 40), List.of(0.8, 1.2), 400);
        }

        static Config quick() {
            return new Config(List.of(0.02, 0.1), 80, List.of(0.3, 0.5), List.of(0.1), 100, List.of(5), List.of(1.2),
                    80);
        }
    }

    private static final String DATA = "builtin:mc_fig1";
    private static final int DEPTH = 10;
    private static final int WIDTH = 5;
    private static final double E1_SCALE = 0.35;
    private static final double E3_SCALE = 0.25;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Family> families(Reproduction.Scale scale) {
        Config c = scale == Reproduction.Scale.QUICK ? Config.quick() : Config.paper();
        List<RunConfig> e1 = new ArrayList<>();
        for (double eta : c.e1Rates()) {
            e1.add(run("e1", "e1/eta=" + Grids.key(eta), DEPTH, null, "small", E1_SCALE, eta, c.e1Steps()));
        }
        List<RunConfig> e2 = new ArrayList<>();
        for (double eta : c.e2Rates()) {
            for (double s : c.e2Scales()) {
                e2.add(run("e2", "e2/eta=" + Grids.key(eta) + "/s=" + Grids.key(s), DEPTH, null, "small", s, eta,
                        c.e2Steps()));
            }
        }
        List<RunConfig> e3 = new ArrayList<>();
        for (int depth : c.e3Depths()) {
            String projection = String.format(Locale.ROOT, "builtin:mc_projections:depths_L%d", depth);
            double critical = 2 / EosRuns.PROBLEMS.bounds(DATA, depth).sharpnessLowerBound();
            for (double f : c.e3Factors()) {
                e3.add(run("e3", "e3/L=" + String.format(Locale.ROOT, "%02d", depth) + "/eta=" + Grids.key(f) + "x",
                        depth, projection, "residual", E3_SCALE, f * critical, c.e3Steps()));
            }
        }
        List<Setting> e1Settings = List.of(new Setting("data", DATA), new Setting("network", "depth " + DEPTH
                + ", widths d×d then 1×d"), new Setting("initialization", "small:" + Grids.key(E1_SCALE)),
                new Setting("learning rates", keys(c.e1Rates())), new Setting("steps", Integer.toString(c.e1Steps())),
                new Setting("central flow", "euler:4, k = 1"));
        // E1's edge statistics come with its trajectories; the map hands them from one family to the next.
        Map<String, EosRuns.Trajectory> handOver = new ConcurrentHashMap<>();
        return List.of(
                new EosFamily.Trajectories("e1", "E1: GD, gradient flow and the central flow on Fig. 1c/1d's set-up"
                        + " (s = " + Grids.key(E1_SCALE) + ")", e1Settings, e1, c.e1Rates(), handOver),
                new EosFamily.Edge("e1_edge", "E1: the central flow at the edge and its predicted loss", e1Settings,
                        e1, c.e1Rates(), handOver),
                new EosFamily.Endpoints("e2", "E2: final sharpness over the Fig. 1 grid (open question 1)", List.of(
                        new Setting("scales s", keys(c.e2Scales())), new Setting("learning rates", keys(c.e2Rates())),
                        new Setting("steps", Integer.toString(c.e2Steps()))), e2, "E2 (Fig. 1 grid of s and η)",
                        rows -> EosFigures.e2(rows, c.e2Rates())),
                new EosFamily.Endpoints("e3", "E3: residual networks near the critical learning rate (Fig. 2 set-up)",
                        List.of(new Setting("initialization", "residual:" + Grids.key(E3_SCALE)
                                        + ", projections depths_L{L}"), new Setting("depths", c.e3Depths().toString()),
                                new Setting("η", keys(c.e3Factors()) + " × 2/S_lb(L)"),
                                new Setting("steps", Integer.toString(c.e3Steps()))), e3,
                        "E3 (residual, depths " + c.e3Depths().stream().map(String::valueOf)
                                .collect(Collectors.joining(", ")) + ", η near 2/S_lb)", EosFigures::e3));
    }

    private static RunConfig run(String family, String key, int depth, String projection, String init, double scale,
                                 double eta, int steps) {
        return new RunConfig(family, key, DATA, null, depth, WIDTH, projection, init, scale, eta, steps, 0, 0);
    }

    /** Every claim belongs to one family. */
    @Override
    public List<Claim> claims(List<SweepRow> sweepRows) {
        return List.of();
    }

    @Override
    public List<String> claimOrder() {
        return List.of("e1_", "e2_", "e3_");
    }

    /** Mean over the second half of |L̄_GD − (R + σ²/η)|/L̄_GD, L̄_GD GD's smoothed loss; NaN if GD diverged. */
    static double secondHalfLossGap(List<EosRuns.TrajectoryRow> rows) {
        double sum = 0;
        int n = 0;
        for (int t = rows.size() / 2; t < rows.size(); t++) {
            EosRuns.TrajectoryRow r = rows.get(t);
            sum += Math.abs(r.lossGdSmoothed() - r.predictedLossCf()) / r.lossGdSmoothed();
            n++;
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private static String keys(List<Double> values) {
        return values.stream().map(Grids::key).collect(Collectors.joining(", "));
    }

    @Override
    public Report.About about() {
        return new Report.About("Edge of stability: the central flow", "J. Cohen, A. Damian et al., “Understanding"
                + " Optimization in Deep Learning with Central Flows” (ICLR 2025, arXiv:2410.24206), on the set-ups of"
                + " Marion &amp; Chizat (NeurIPS 2024), towards their open question 1",
                List.of("Every loss and sharpness uses the <b>mse</b> convention R = (1/n)‖y − XE‖² (no ½).",
                        "The central flow runs the authors' reference scheme euler:4 (4 Euler substeps of η/4 per GD"
                                + " step, eigenpairs by warm-started checked Lanczos at every substep, active from"
                                + " 1.95/η, restoring term) with one eigenvalue at the edge; ∇S is exact"
                                + " (docs/formulas.md §7).",
                        "GD's loss is smoothed by a Gaussian of σ = 50 steps (weights renormalized at the ends)"
                                + " before it is compared with the predicted R + σ²/η.",
                        "A GD run converges when it did not diverge and ends at ‖w_prod − w*‖²/d &lt; 1e-3."));
    }
}
