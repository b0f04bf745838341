package org.dlnlab.experiments.papers.eos;

import org.dlnlab.RandomStreams;
import org.dlnlab.curvature.Sharpness;
import org.dlnlab.data.ProjectionFile;
import org.dlnlab.data.Problem;
import org.dlnlab.experiments.analysis.CriticalRate;
import org.dlnlab.experiments.exec.Runner;
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
 * The runs of {@code reproduce eos}: one configuration each, run by GD, gradient flow and the central flow
 * ({@code euler:4}, k = 1) from the same initialization. Random streams derive from (seed, run key + purpose), so
 * a run's numbers do not depend on the thread that runs it or on what ran before. mse convention throughout.
 */
final class EosRuns {
    private static final Sharpness.Options LANCZOS = Sharpness.Options.defaults();

    private EosRuns() {
    }

    /**
     * One configuration.
     *
     * @param experiment e1, e2 or e3
     * @param projection {@code builtin:mc_projections:NAME} for a residual network, else null
     */
    record Spec(String experiment, String key, String data, int depth, int width, String projection, String init,
                double scale, double eta, int steps) {
        /** A rough relative cost for scheduling: the central flow's substeps dominate. */
        double cost() {
            return (double) steps * depth * (projection != null ? 25 : width * width);
        }
    }

    /** One row of E1's tidy table: GD step t of the run at η. */
    record TrajectoryRow(double eta, int step, double lossGd, double lossGdSmoothed, double lossFlow, double lossCf,
                         double predictedLossCf, double sharpnessGd, double sharpnessFlow, double sharpnessCf,
                         double sigma2, double betaDistanceCf, double betaDistanceFlow) {
        static final String HEADER = "eta,step,loss_gd,loss_gd_smoothed,loss_flow,loss_cf,predicted_loss_cf,"
                + "sharpness_gd,sharpness_flow,sharpness_cf,sigma2,beta_distance_cf,beta_distance_flow";
    }

    /** E1's run: its rows and the central flow's edge statistics. */
    record Trajectory(List<TrajectoryRow> rows, int edgeStep, double maxEdgeDeviation) {
    }

    /**
     * One row of E2's and E3's tidy table: where each optimizer ended.
     *
     * @param gdConverged     not diverged and final squared distance &lt; 1e-3 (the reproduction's rule)
     * @param minRule         min(S_GF, 2/η), the simplest prediction of GD's final sharpness
     * @param cfMaxActive     the most eigenvalues ever ≥ 1.95/η at once along the central flow
     * @param gapAtEnd        λ_1 − λ_2 at the central flow's end
     * @param sharpnessLowerBound S_lb of the data and depth: below it no minimizer exists
     */
    record EndRow(String experiment, String key, int depth, String init, double scale, double eta, int steps,
                  boolean gdDiverged, boolean gdConverged, double gdFinalLoss, double gdFinalSharpness,
                  double gfFinalSharpness, double cfFinalLoss, double cfFinalSharpness, int cfEdgeStep,
                  double cfMaxEdgeDeviation, String cfStopReason, int cfMaxActive, double gapAtEnd, double minRule,
                  double sharpnessLowerBound) {
        static final String HEADER = "experiment,run_key,depth,init,scale,eta,steps,gd_diverged,gd_converged,"
                + "gd_final_loss,gd_final_sharpness,gf_final_sharpness,cf_final_loss,cf_final_sharpness,cf_edge_step,"
                + "cf_max_edge_deviation,cf_stop_reason,cf_max_active,cf_gap_at_end,min_sgf_2_over_eta,"
                + "sharpness_lower_bound";
    }

    private static DeepLinearNet net(Spec s, Problem p) {
        return s.projection() != null ? DeepLinearNet.residual(p.d(), s.depth(), ProjectionFile.load(s.projection(),
                p.d())) : DeepLinearNet.standard(p.d(), s.width(), s.depth(), 1);
    }

    private static double[] init(Spec s, DeepLinearNet net, Problem p, long seed) {
        return Initialization.parse(s.init() + ":" + s.scale()).create(net, p, RandomStreams.of(seed, s.key()
                + "/init"));
    }

    /** E1: the per-step comparison of GD, gradient flow and the central flow. */
    static Trajectory trajectory(Spec s, Runner runner) {
        long seed = runner.seed();
        Problem p = runner.problem(s.data());
        DeepLinearNet net = net(s, p);
        Comparison.Result r = new Comparison(s.eta(), s.steps(), 1).run(
                () -> new LinearChainObjective(net, p, Runner.LOSS), init(s, net, p, seed),
                name -> new Sharpness(LANCZOS, RandomStreams.of(seed, s.key() + "/sharpness/" + name)), LANCZOS,
                RandomStreams.of(seed, s.key() + "/sharpness/central-flow"), new Comparison.Which(true, true, true),
                GradientFlow.DEFAULT_ABSOLUTE_TOLERANCE, GradientFlow.DEFAULT_RELATIVE_TOLERANCE);
        List<TrajectoryRow> rows = new ArrayList<>();
        for (int t = 0; t <= s.steps(); t++) {
            rows.add(new TrajectoryRow(s.eta(), t, r.lossGd()[t], r.lossGdSmoothed()[t], r.lossFlow()[t],
                    r.lossCf()[t], r.predictedLossCf()[t], r.sharpnessGd()[t], r.sharpnessFlow()[t],
                    r.sharpnessCf()[t], r.sigma2()[t], r.distanceCf()[t], r.distanceFlow()[t]));
        }
        return new Trajectory(rows, r.centralFlow().edgeStep(), r.centralFlow().maxEdgeDeviation());
    }

    /** E2, E3: the three optimizers' end points. */
    static EndRow end(Spec s, Runner runner) {
        long seed = runner.seed();
        Problem p = runner.problem(s.data());
        DeepLinearNet net = net(s, p);
        double[] w0 = init(s, net, p, seed);
        TrainResult gd = Trainer.gradientDescent(s.eta(), s.steps(), 0).run(new LinearChainObjective(net, p,
                Runner.LOSS), w0.clone(), new Sharpness(LANCZOS, RandomStreams.of(seed, s.key() + "/sharpness/gd")),
                rec -> { });
        double time = s.eta() * s.steps();
        FlowResult gf = GradientFlow.of(time, time).run(new LinearChainObjective(net, p, Runner.LOSS), w0.clone(),
                new Sharpness(LANCZOS, RandomStreams.of(seed, s.key() + "/sharpness/flow")), rec -> { });
        int[] maxActive = {0};
        CentralFlow.Result cf = new CentralFlow(s.eta(), s.steps(), 1, List.of()).run(new LinearChainObjective(net,
                p, Runner.LOSS), w0.clone(), LANCZOS, RandomStreams.of(seed, s.key() + "/sharpness/central-flow"),
                row -> maxActive[0] = Math.max(maxActive[0], row.activeEigenvalues()));
        for (CentralFlow.ActiveSetChange c : cf.changes()) {
            maxActive[0] = Math.max(maxActive[0], c.to());
        }
        double sgf = gf.diverged() ? Double.NaN : gf.result().finalSharpness().top();
        TrainResult c = cf.result();
        return new EndRow(s.experiment(), s.key(), s.depth(), s.init(), s.scale(), s.eta(), s.steps(), gd.diverged(),
                CriticalRate.converged(gd.diverged(), gd.finalSqDistance()), gd.finalLoss(),
                gd.diverged() ? Double.NaN : gd.finalSharpness().top(), sgf, c.finalLoss(),
                c.diverged() ? Double.NaN : c.finalSharpness().top(), cf.edgeStep(), cf.maxEdgeDeviation(),
                c.stopReason().label(), maxActive[0], c.diverged() ? Double.NaN : c.finalSharpness().gap(),
                Math.min(sgf, 2 / s.eta()), runner.bounds(s.data(), s.depth()).sharpnessLowerBound());
    }
}
