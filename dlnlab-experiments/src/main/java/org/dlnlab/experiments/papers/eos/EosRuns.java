package org.dlnlab.experiments.papers.eos;

import org.dlnlab.RandomStreams;
import org.dlnlab.curvature.Sharpness;
import org.dlnlab.data.ProjectionFile;
import org.dlnlab.data.Problem;
import org.dlnlab.experiments.analysis.CriticalRate;
import org.dlnlab.experiments.exec.Runner;
import org.dlnlab.experiments.spec.RunConfig;
import org.dlnlab.init.Initialization;
import org.dlnlab.model.DeepLinearNet;
import org.dlnlab.objective.LinearChainObjective;
import org.dlnlab.train.CentralFlow;
import org.dlnlab.train.Comparison;
import org.dlnlab.train.FlowResult;
import org.dlnlab.train.GradientFlow;
import org.dlnlab.train.TrainResult;
import org.dlnlab.train.Trainer;

import java.util.ArrayList;
import java.util.List;

/**
 * The runs of {@code reproduce eos}: one configuration each ({@link RunConfig}: a residual network when it names a
 * projection), run by GD, gradient flow and the central flow ({@code euler:4}, k = 1) from the same initialization.
 * Random streams derive from (seed, run key + purpose), so a run's numbers do not depend on the thread that runs it or
 * on what ran before. mse convention throughout.
 */
final class EosRuns {
    private static final Sharpness.Options LANCZOS = Sharpness.Options.defaults();
    /** Data sets and their bounds, loaded once (the runner's caches; its seed is not used). */
    static final Runner PROBLEMS = new Runner(0);

    private EosRuns() {
    }

    /** One row of E1's tidy table: GD step t of the run at η. */
    public record TrajectoryRow(double eta, int step, double lossGd, double lossGdSmoothed, double lossFlow,
                                double lossCf, double predictedLossCf, double sharpnessGd, double sharpnessFlow,
                                double sharpnessCf, double sigma2, double betaDistanceCf, double betaDistanceFlow) {
    }

    /** E1's run: its rows and the central flow's edge statistics. */
    record Trajectory(List<TrajectoryRow> rows, int edgeStep, double maxEdgeDeviation) {
    }

    /**
     * One row of E1's edge table: how the central flow at η held the edge and predicted GD's loss.
     *
     * @param edgeStep           the first GD step with an active substep, null if never
     * @param secondHalfLossGap  mean over the second half of |L̄_GD − (R + σ²/η)|/L̄_GD, L̄_GD GD's smoothed loss
     */
    public record EdgeRow(double eta, Integer edgeStep, double maxEdgeDeviation, double secondHalfLossGap) {
    }

    /**
     * One row of E2's and E3's tidy table: where each optimizer ended. The components name the CSV's columns
     * (snake_case), hence {@code minSgf_2OverEta} for the column {@code min_sgf_2_over_eta}.
     *
     * @param gdConverged     not diverged and final squared distance &lt; 1e-3 (the reproduction's rule)
     * @param cfEdgeStep      the central flow's first GD step with an active substep, null if never
     * @param cfMaxActive     the most eigenvalues ever ≥ 1.95/η at once along the central flow
     * @param cfGapAtEnd      λ_1 − λ_2 at the central flow's end
     * @param minSgf_2OverEta min(S_GF, 2/η), the simplest prediction of GD's final sharpness
     * @param sharpnessLowerBound S_lb of the data and depth: below it no minimizer exists
     */
    public record EndRow(String experiment, String runKey, int depth, String init, double scale, double eta, int steps,
                         boolean gdDiverged, boolean gdConverged, double gdFinalLoss, double gdFinalSharpness,
                         double gfFinalSharpness, double cfFinalLoss, double cfFinalSharpness, Integer cfEdgeStep,
                         double cfMaxEdgeDeviation, String cfStopReason, int cfMaxActive, double cfGapAtEnd,
                         double minSgf_2OverEta, double sharpnessLowerBound) {
    }

    private static DeepLinearNet net(RunConfig s, Problem p) {
        return s.projection() != null ? DeepLinearNet.residual(p.d(), s.depth(), ProjectionFile.load(s.projection(),
                p.d())) : DeepLinearNet.standard(p.d(), s.width(), s.depth(), 1);
    }

    private static double[] init(RunConfig s, DeepLinearNet net, Problem p, long seed) {
        return Initialization.parse(s.init() + ":" + s.scale()).create(net, p, RandomStreams.of(seed, s.key()
                + "/init"));
    }

    /** E1: the per-step comparison of GD, gradient flow and the central flow. */
    static Trajectory trajectory(RunConfig s, long seed) {
        Problem p = PROBLEMS.problem(s.data());
        DeepLinearNet net = net(s, p);
        Comparison.Result r = new Comparison(s.learningRate(), s.steps(), 1).run(
                () -> new LinearChainObjective(net, p, Runner.LOSS), init(s, net, p, seed),
                name -> new Sharpness(LANCZOS, RandomStreams.of(seed, s.key() + "/sharpness/" + name)), LANCZOS,
                RandomStreams.of(seed, s.key() + "/sharpness/central-flow"), new Comparison.Which(true, true, true),
                GradientFlow.DEFAULT_ABSOLUTE_TOLERANCE, GradientFlow.DEFAULT_RELATIVE_TOLERANCE);
        List<TrajectoryRow> rows = new ArrayList<>();
        for (int t = 0; t <= s.steps(); t++) {
            rows.add(new TrajectoryRow(s.learningRate(), t, r.lossGd()[t], r.lossGdSmoothed()[t], r.lossFlow()[t],
                    r.lossCf()[t], r.predictedLossCf()[t], r.sharpnessGd()[t], r.sharpnessFlow()[t],
                    r.sharpnessCf()[t], r.sigma2()[t], r.distanceCf()[t], r.distanceFlow()[t]));
        }
        return new Trajectory(rows, r.centralFlow().edgeStep(), r.centralFlow().maxEdgeDeviation());
    }

    /** E2, E3: the three optimizers' end points. */
    static EndRow end(RunConfig s, long seed) {
        Problem p = PROBLEMS.problem(s.data());
        DeepLinearNet net = net(s, p);
        double[] w0 = init(s, net, p, seed);
        TrainResult gd = Trainer.gradientDescent(s.learningRate(), s.steps(), 0).run(new LinearChainObjective(net, p,
                Runner.LOSS), w0.clone(), new Sharpness(LANCZOS, RandomStreams.of(seed, s.key() + "/sharpness/gd")),
                rec -> { });
        double time = s.learningRate() * s.steps();
        FlowResult gf = GradientFlow.of(time, time).run(new LinearChainObjective(net, p, Runner.LOSS), w0.clone(),
                new Sharpness(LANCZOS, RandomStreams.of(seed, s.key() + "/sharpness/flow")), rec -> { });
        int[] maxActive = {0};
        CentralFlow.Result cf = new CentralFlow(s.learningRate(), s.steps(), 1, List.of()).run(new LinearChainObjective(net,
                p, Runner.LOSS), w0.clone(), LANCZOS, RandomStreams.of(seed, s.key() + "/sharpness/central-flow"),
                row -> maxActive[0] = Math.max(maxActive[0], row.activeEigenvalues()));
        for (CentralFlow.ActiveSetChange c : cf.changes()) {
            maxActive[0] = Math.max(maxActive[0], c.to());
        }
        double sgf = gf.diverged() ? Double.NaN : gf.result().finalSharpness().top();
        TrainResult c = cf.result();
        return new EndRow(s.figure(), s.key(), s.depth(), s.init(), s.scale(), s.learningRate(), s.steps(),
                gd.diverged(), CriticalRate.converged(gd.diverged(), gd.finalSqDistance()), gd.finalLoss(),
                gd.diverged() ? Double.NaN : gd.finalSharpness().top(), sgf, c.finalLoss(),
                c.diverged() ? Double.NaN : c.finalSharpness().top(), cf.edgeStep() < 0 ? null : cf.edgeStep(),
                cf.maxEdgeDeviation(), c.stopReason().label(), maxActive[0],
                c.diverged() ? Double.NaN : c.finalSharpness().gap(), Math.min(sgf, 2 / s.learningRate()),
                PROBLEMS.bounds(s.data(), s.depth()).sharpnessLowerBound());
    }
}
