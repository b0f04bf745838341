package org.dlnlab.experiments.papers.eos;

import org.dlnlab.experiments.Reproduction;
import org.dlnlab.experiments.analysis.Claim;
import org.dlnlab.experiments.exec.LocalExecutor;
import org.dlnlab.experiments.exec.ProgressListener;
import org.dlnlab.experiments.exec.Runner;
import org.dlnlab.experiments.report.FigureRenderer;
import org.dlnlab.experiments.report.FigureSpec;
import org.dlnlab.experiments.report.Report;
import org.dlnlab.experiments.report.Setting;
import org.dlnlab.experiments.spec.Grids;
import org.dlnlab.experiments.store.AtomicFiles;
import org.dlnlab.experiments.store.Csv;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * {@code dlnlab reproduce eos}: the edge of stability modelled by the central flow (Cohen, Damian et al., ICLR
 * 2025) next to GD and gradient flow on Marion &amp; Chizat's set-ups, towards their open question 1. E1: Fig. 1c/1d's
 * set-up at three learning rates, step by step; E2: the final sharpness of GD against the central flow's and
 * min(S_GF, 2/η) over a grid of (s, η); E3: the same on residual networks of depth 5…40 near their critical η.
 * Writes e1.csv, e2.csv, e3.csv, figures/*.png|svg, claims.csv, claims.md and report.html. Every run is recomputed
 * (no resume); results are the same bytes for any number of threads.
 */
public final class EdgeOfStability {
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

    /** What an invocation did. */
    public record Outcome(Path report, List<Claim> claims, int runs, double wallSeconds) {
    }

    private static final String DATA = "builtin:mc_fig1";
    private static final int DEPTH = 10;
    private static final double E1_SCALE = 0.35;
    private static final double E3_SCALE = 0.25;

    private EdgeOfStability() {
    }

    public static Outcome run(Path out, Reproduction.Scale scale, int threads, long seed, ProgressListener progress)
            throws InterruptedException {
        long t0 = System.nanoTime();
        Config c = scale == Reproduction.Scale.QUICK ? Config.quick() : Config.paper();
        Runner runner = new Runner(seed);
        List<EosRuns.Spec> e1 = new ArrayList<>();
        for (double eta : c.e1Rates()) {
            e1.add(new EosRuns.Spec("e1", "e1/eta=" + Grids.key(eta), DATA, DEPTH, 5, null, "small", E1_SCALE, eta,
                    c.e1Steps()));
        }
        List<EosRuns.Spec> ends = new ArrayList<>();
        for (double eta : c.e2Rates()) {
            for (double s : c.e2Scales()) {
                ends.add(new EosRuns.Spec("e2", "e2/eta=" + Grids.key(eta) + "/s=" + Grids.key(s), DATA, DEPTH, 5,
                        null, "small", s, eta, c.e2Steps()));
            }
        }
        for (int depth : c.e3Depths()) {
            String projection = String.format(Locale.ROOT, "builtin:mc_projections:depths_L%d", depth);
            double critical = 2 / runner.bounds(DATA, depth).sharpnessLowerBound();
            for (double f : c.e3Factors()) {
                double eta = f * critical;
                ends.add(new EosRuns.Spec("e3", "e3/L=" + String.format(Locale.ROOT, "%02d", depth) + "/eta="
                        + Grids.key(f) + "x", DATA, depth, 5, projection, "residual", E3_SCALE, eta, c.e3Steps()));
            }
        }
        runner.problem(DATA);
        double cost = e1.stream().mapToDouble(s -> 3 * s.cost()).sum()
                + ends.stream().mapToDouble(EosRuns.Spec::cost).sum();
        progress.begin(e1.size() + ends.size(), cost);
        LocalExecutor executor = new LocalExecutor(threads);
        progress.phase("e1");
        List<EosRuns.Trajectory> trajectories = executor.map(e1, s -> 3 * s.cost(), s -> EosRuns.trajectory(s, runner),
                (s, r) -> progress.runDone(false, 3 * s.cost(), 3 * s.cost()));
        progress.phase("e2, e3");
        List<EosRuns.EndRow> endRows = executor.map(ends, EosRuns.Spec::cost, s -> EosRuns.end(s, runner),
                (s, r) -> progress.runDone(r.gdDiverged(), s.cost(), s.cost()));
        double computeWall = (System.nanoTime() - t0) / 1e9;
        progress.end(String.format(Locale.ROOT, "reproduce eos: %d runs computed in %.1f s on %d thread%s",
                e1.size() + ends.size(), computeWall, threads, threads == 1 ? "" : "s"));

        List<EosRuns.TrajectoryRow> e1Rows = trajectories.stream().flatMap(t -> t.rows().stream()).toList();
        List<EosRuns.EndRow> e2Rows = endRows.stream().filter(r -> r.experiment().equals("e2")).toList();
        List<EosRuns.EndRow> e3Rows = endRows.stream().filter(r -> r.experiment().equals("e3")).toList();
        AtomicFiles.writeString(out.resolve("e1.csv"), Csv.table(EosRuns.TrajectoryRow.HEADER,
                e1Rows.stream().map(EdgeOfStability::csv).toList()));
        AtomicFiles.writeString(out.resolve("e2.csv"), Csv.table(EosRuns.EndRow.HEADER,
                e2Rows.stream().map(EdgeOfStability::csv).toList()));
        AtomicFiles.writeString(out.resolve("e3.csv"), Csv.table(EosRuns.EndRow.HEADER,
                e3Rows.stream().map(EdgeOfStability::csv).toList()));

        double[] deviations = trajectories.stream().mapToDouble(EosRuns.Trajectory::maxEdgeDeviation).toArray();
        int[] edgeSteps = trajectories.stream().mapToInt(EosRuns.Trajectory::edgeStep).toArray();
        double[] lossGaps = trajectories.stream().mapToDouble(t -> secondHalfLossGap(t.rows())).toArray();
        List<Claim> claims = new ArrayList<>(EosClaims.e1(c.e1Rates(), deviations, lossGaps, edgeSteps));
        claims.addAll(EosClaims.endpoints("e2", "E2 (Fig. 1 grid of s and η)", e2Rows));
        claims.addAll(EosClaims.endpoints("e3", "E3 (residual, depths " + c.e3Depths().stream().map(String::valueOf)
                .collect(Collectors.joining(", ")) + ", η near 2/S_lb)", e3Rows));

        Path figures = out.resolve("figures");
        List<Report.Section> sections = List.of(
                section("e1", "E1: GD, gradient flow and the central flow on Fig. 1c/1d's set-up (s = "
                        + Grids.key(E1_SCALE) + ")", List.of(new Setting("data", DATA), new Setting("network",
                        "depth " + DEPTH + ", widths d×d then 1×d"), new Setting("initialization", "small:"
                        + Grids.key(E1_SCALE)), new Setting("learning rates", keys(c.e1Rates())),
                        new Setting("steps", Integer.toString(c.e1Steps())), new Setting("central flow", "euler:4, k = 1")),
                        EosFigures.e1(e1Rows, c.e1Rates()), figures),
                section("e2", "E2: final sharpness over the Fig. 1 grid (open question 1)", List.of(
                        new Setting("scales s", keys(c.e2Scales())), new Setting("learning rates", keys(c.e2Rates())),
                        new Setting("steps", Integer.toString(c.e2Steps()))), EosFigures.e2(e2Rows, c.e2Rates()),
                        figures),
                section("e3", "E3: residual networks near the critical learning rate (Fig. 2 set-up)", List.of(
                        new Setting("initialization", "residual:" + Grids.key(E3_SCALE) + ", projections depths_L{L}"),
                        new Setting("depths", c.e3Depths().toString()), new Setting("η", keys(c.e3Factors())
                                + " × 2/S_lb(L)"), new Setting("steps", Integer.toString(c.e3Steps()))),
                        EosFigures.e3(e3Rows), figures));
        AtomicFiles.writeString(out.resolve("claims.csv"), Csv.table(Csv.line(Claim.HEADER),
                claims.stream().map(Claim::toCsv).toList()));
        AtomicFiles.writeString(out.resolve(Reproduction.CLAIMS_TABLE), Report.markdown("dlnlab reproduce eos"
                + (scale == Reproduction.Scale.QUICK ? " --quick" : "") + " --seed " + seed, claims));
        double wall = (System.nanoTime() - t0) / 1e9;
        Report.Timing timing = new Report.Timing(wall, threads, e1.size() + ends.size(), 0, 0, 0, computeWall,
                List.<String[]>of(new String[]{"e1, e2, e3", String.format(Locale.ROOT, "%.1f s", computeWall)}));
        Path report = out.resolve("report.html");
        AtomicFiles.writeString(report, Report.html("dlnlab reproduce eos", about(), scale.label(), seed, claims,
                sections, timing));
        return new Outcome(report, claims, e1.size() + ends.size(), wall);
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

    private static Report.Section section(String id, String title, List<Setting> settings, List<FigureSpec> specs,
                                          Path figures) {
        List<Report.Figure> drawn = new ArrayList<>();
        for (FigureSpec spec : specs) {
            drawn.add(new Report.Figure(spec, FigureRenderer.write(spec, figures)));
        }
        return new Report.Section(id, title, settings, id + ".csv", drawn, List.of());
    }

    private static String csv(EosRuns.TrajectoryRow r) {
        return Csv.line(List.of(Csv.num(r.eta()), Integer.toString(r.step()), Csv.num(r.lossGd()),
                Csv.num(r.lossGdSmoothed()), Csv.num(r.lossFlow()), Csv.num(r.lossCf()), Csv.num(r.predictedLossCf()),
                Csv.num(r.sharpnessGd()), Csv.num(r.sharpnessFlow()), Csv.num(r.sharpnessCf()), Csv.num(r.sigma2()),
                Csv.num(r.betaDistanceCf()), Csv.num(r.betaDistanceFlow())));
    }

    private static String csv(EosRuns.EndRow r) {
        return Csv.line(List.of(Csv.text(r.experiment()), Csv.text(r.key()), Integer.toString(r.depth()),
                Csv.text(r.init()), Csv.num(r.scale()), Csv.num(r.eta()), Integer.toString(r.steps()),
                Boolean.toString(r.gdDiverged()), Boolean.toString(r.gdConverged()), Csv.num(r.gdFinalLoss()),
                Csv.num(r.gdFinalSharpness()), Csv.num(r.gfFinalSharpness()), Csv.num(r.cfFinalLoss()),
                Csv.num(r.cfFinalSharpness()), r.cfEdgeStep() < 0 ? "" : Integer.toString(r.cfEdgeStep()),
                Csv.num(r.cfMaxEdgeDeviation()), Csv.text(r.cfStopReason()), Integer.toString(r.cfMaxActive()),
                Csv.num(r.gapAtEnd()), Csv.num(r.minRule()), Csv.num(r.sharpnessLowerBound())));
    }

    private static Report.About about() {
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
