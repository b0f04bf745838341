package org.dlnlab.train;

import org.dlnlab.RandomStreams;
import org.dlnlab.curvature.Sharpness;
import org.dlnlab.data.DataSources;
import org.dlnlab.data.Problem;
import org.dlnlab.data.ProjectionFile;
import org.dlnlab.init.Initialization;
import org.dlnlab.model.DeepLinearNet;
import org.dlnlab.objective.LinearChainObjective;
import org.dlnlab.objective.LossConvention;
import org.dlnlab.theory.Bounds;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.dlnlab.testing.RandomNets.relativeError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdaptiveCentralFlowTest {
    private static final Problem FIG1 = Problem.of(DataSources.load("builtin:mc_fig1", List.of()));
    private static final DeepLinearNet NET = DeepLinearNet.standard(5, 5, 10, 1);

    private static AdaptiveCentralFlow.Result adaptive(DeepLinearNet net, double eta, int steps, List<StopRule> stops,
                                                       double[] w, List<CentralFlow.Row> rows) {
        return new AdaptiveCentralFlow(eta, steps, stops, 1e-12, 1e-12).run(new LinearChainObjective(net, FIG1,
                LossConvention.MSE), w, Sharpness.Options.defaults(), RandomStreams.of(0, "sharpness"), rows::add);
    }

    private static double[] endToEnd(double[] w) {
        LinearChainObjective o = new LinearChainObjective(NET, FIG1, LossConvention.MSE);
        o.setPoint(w);
        return o.endToEnd();
    }

    /**
     * Below the edge the scheme is gradient flow in τ = ηt: every GD step's end-to-end map matches
     * {@link GradientFlow} (the code of --optimizer flow) run to ηN and sampled at ηt, to 1e-8.
     */
    @Test
    void belowTheEdgeItIsGradientFlow() {
        double eta = 0.02;
        int steps = 60;
        double[] init = Initialization.parse("small:0.35").create(NET, FIG1, RandomStreams.of(3, "init"));
        List<CentralFlow.Row> rows = new ArrayList<>();
        double[] w = init.clone();
        AdaptiveCentralFlow.Result r = adaptive(NET, eta, steps, List.of(), w, rows);
        List<double[]> flow = new ArrayList<>();
        GradientFlow.of(eta * steps, eta).run(new LinearChainObjective(NET, FIG1, LossConvention.MSE), init.clone(),
                new Sharpness(Sharpness.Options.defaults(), RandomStreams.of(0, "sharpness")),
                rec -> flow.add(endToEnd(rec.weights())));
        assertEquals(StopReason.COMPLETED, r.flow().result().stopReason());
        assertEquals(-1, r.flow().edgeStep());
        assertEquals(0, r.statistics().events());
        assertEquals(steps + 1, rows.size());
        assertEquals(steps + 1, flow.size());
        double worst = 0;
        for (int t = 0; t <= steps; t++) {
            CentralFlow.Row row = rows.get(t);
            assertEquals(t, row.step().step());
            assertEquals(t * eta, row.step().time(), 1e-12);
            assertEquals(0, row.activeEigenvalues());
            assertEquals(0, row.sigma2());
            worst = Math.max(worst, relativeError(flow.get(t), endToEnd(row.step().weights())));
        }
        assertTrue(worst <= 1e-8, "adaptive central flow vs gradient flow: " + worst);
        assertTrue(r.statistics().evaluations() > 0 && r.statistics().acceptedSteps() > 0);
    }

    /**
     * At the edge (Fig. 1's set-up, η = 0.1, edge reached near t = 34.7): the reference scheme with h = η/4, η/16,
     * η/64 converges to the adaptive answer at first order (the gap on the end-to-end map at t = 60 falls by about 4
     * per refinement), and the adaptive flow holds ηS at 2 to 1e-7 along its edge phase (1.8e-8 measured).
     */
    @Test
    void atTheEdgeTheReferenceSchemeConvergesToIt() {
        double eta = 0.1;
        int steps = 60;
        double[] init = Initialization.parse("small:0.35").create(NET, FIG1, RandomStreams.of(0, "init"));
        double[] w = init.clone();
        List<CentralFlow.Row> rows = new ArrayList<>();
        AdaptiveCentralFlow.Result r = adaptive(NET, eta, steps, List.of(), w, rows);
        assertEquals(StopReason.COMPLETED, r.flow().result().stopReason());
        assertEquals(34, r.flow().edgeStep());
        assertEquals(1, r.statistics().events());
        CentralFlow.ActiveSetChange entry = r.flow().changes().get(0);
        assertEquals(2 / eta, entry.sharpness(), 1e-8 * 2 / eta);
        assertTrue(entry.atStep() > 34 && entry.atStep() < 35, "entered at " + entry.atStep());
        assertTrue(r.flow().maxEdgeDeviation() <= 1e-7, "max |ηS − 2| " + r.flow().maxEdgeDeviation());
        for (CentralFlow.Row row : rows) {
            boolean after = row.step().step() > entry.atStep();
            assertEquals(after ? 1 : 0, row.activeEigenvalues(), "at " + row.step().step());
            assertEquals(after, row.sigma2() > 0, "σ² at " + row.step().step());
            assertEquals(row.step().loss() + row.sigma2() / eta, row.predictedLoss(), 0);
        }
        double[] beta = endToEnd(w);
        double[] gaps = new double[3];
        int[] substeps = {4, 16, 64};
        for (int i = 0; i < 3; i++) {
            double[] v = init.clone();
            new CentralFlow(eta, steps, 1, List.of(), substeps[i]).run(new LinearChainObjective(NET, FIG1,
                    LossConvention.MSE), v, Sharpness.Options.defaults(), RandomStreams.of(0, "sharpness"), row -> { });
            gaps[i] = relativeError(endToEnd(v), beta);
        }
        for (int i = 1; i < 3; i++) {
            double ratio = gaps[i - 1] / gaps[i];
            assertTrue(ratio > 3.5 && ratio < 4.5, "gaps " + java.util.Arrays.toString(gaps));
        }
    }

    /**
     * Two eigenvalues meeting at the edge (the residual net of CentralFlowTest, L = 5, η = 0.8·2/S_lb): adaptive
     * holds one only and stops at the crossing, with a last row there.
     */
    @Test
    void stopsWhereTheTopTwoEigenvaluesMeet() {
        DeepLinearNet net = DeepLinearNet.residual(5, 5, ProjectionFile.load("builtin:mc_projections:depths_L5", 5));
        double eta = 0.8 * 2 / Bounds.of(FIG1, 5, LossConvention.MSE).sharpnessLowerBound();
        double[] init = Initialization.parse("residual:0.25").create(net, FIG1, RandomStreams.of(0, "init"));
        List<CentralFlow.Row> rows = new ArrayList<>();
        AdaptiveCentralFlow.Result r = adaptive(net, eta, 120, List.of(), init.clone(), rows);
        assertEquals(StopReason.EIGENVALUE_CROSSING, r.flow().result().stopReason());
        double[] ev = r.flow().result().finalSharpness().eigenvalues();
        assertTrue(ev[0] - ev[1] < CentralFlow.CROSSING_GAP * ev[0]);
        CentralFlow.Row last = rows.get(rows.size() - 1);
        assertEquals(r.flow().finalTime(), last.step().time(), 0);
        assertEquals(1, last.activeEigenvalues());
    }

    /**
     * A start above the edge (s = 0.5, η = 0.2: S(0) = 22.6 > 2/η = 10, where euler:4 jumps) begins in the edge phase
     * and the restoring term brings S down to 2/η; there the top two eigenvalues meet and the run stops.
     */
    @Test
    void aStartAboveTheEdgeIsBroughtDownToIt() {
        double eta = 0.2;
        double[] init = Initialization.parse("small:0.5").create(NET, FIG1, RandomStreams.of(0, "init"));
        List<CentralFlow.Row> rows = new ArrayList<>();
        AdaptiveCentralFlow.Result r = adaptive(NET, eta, 300, List.of(), init, rows);
        assertTrue(rows.get(0).sharpness() > 2 / eta * 2, "S(0) = " + rows.get(0).sharpness());
        assertEquals(1, rows.get(0).activeEigenvalues());
        CentralFlow.ActiveSetChange start = r.flow().changes().get(0);
        assertEquals(0, start.atStep());
        assertEquals(0, r.statistics().events());
        assertEquals(StopReason.EIGENVALUE_CROSSING, r.flow().result().stopReason());
        assertEquals(2 / eta, r.flow().result().finalSharpness().top(), 1e-3 * 2 / eta);
    }

    /**
     * A flow that comes to rest at the edge (a minimizer with S = 2/η: ∇R, σ² and both phase-end functions go to 0
     * together) runs to its end. Its event functions then sit at 0 to rounding; with a warm-started Lanczos they gave
     * one state two signs, and the event's root finder failed at t ≈ 300 ("interval does not bracket a root").
     */
    @Test
    void aFlowAtRestOnTheEdgeRunsToItsEnd() {
        double eta = 0.1;
        DeepLinearNet net = DeepLinearNet.standard(5, 5, 6, 1);
        double[] w = Initialization.parse("small:0.5").create(net, FIG1, RandomStreams.of(0, "init"));
        List<CentralFlow.Row> rows = new ArrayList<>();
        AdaptiveCentralFlow.Result r = adaptive(net, eta, 400, List.of(), w, rows);
        assertEquals(StopReason.COMPLETED, r.flow().result().stopReason());
        assertEquals(401, rows.size());
        assertTrue(r.statistics().events() > 0, "the flow never left the edge: " + r.statistics());
        double rest = LossConvention.MSE.factor() * FIG1.rMin();
        assertEquals(rest, r.flow().result().finalLoss(), 1e-12 * rest);
        assertTrue(r.flow().result().finalGradNorm() < 1e-8, "‖∇R‖ " + r.flow().result().finalGradNorm());
        assertEquals(2 / eta, r.flow().result().finalSharpness().top(), 1e-7 * 2 / eta);
        assertTrue(r.flow().maxEdgeDeviation() < 1e-7, "max |ηS − 2| " + r.flow().maxEdgeDeviation());
    }

    /** A stop rule is checked at every GD step's point; an interrupt keeps the start. */
    @Test
    void stopRulesAndInterruptionEndTheRunAtAGdStep() {
        double[] init = Initialization.parse("small:0.35").create(NET, FIG1, RandomStreams.of(0, "init"));
        List<CentralFlow.Row> rows = new ArrayList<>();
        AdaptiveCentralFlow.Result stopped = adaptive(NET, 0.1, 450,
                List.of(new StopRule(StopRule.Quantity.LOSS, 0.5)), init.clone(), rows);
        assertEquals(StopReason.STOP_RULE, stopped.flow().result().stopReason());
        CentralFlow.Row last = rows.get(rows.size() - 1);
        assertTrue(last.step().loss() < 0.5 && rows.get(rows.size() - 2).step().loss() >= 0.5);
        assertEquals(last.step().step(), stopped.flow().result().stepsDone());
        Thread.currentThread().interrupt();
        AdaptiveCentralFlow.Result interrupted;
        try {
            interrupted = adaptive(NET, 0.1, 450, List.of(), init.clone(), new ArrayList<>());
        } finally {
            Thread.interrupted();
        }
        assertEquals(StopReason.INTERRUPTED, interrupted.flow().result().stopReason());
        assertEquals(0, interrupted.flow().result().stepsDone());
        assertArrayEquals(init, interrupted.flow().result().weights(), 0.0);
    }
}
