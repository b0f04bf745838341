package org.dlnlab.train;

import org.dlnlab.RandomStreams;
import org.dlnlab.curvature.Sharpness;
import org.dlnlab.data.DataSources;
import org.dlnlab.data.Problem;
import org.dlnlab.init.Initialization;
import org.dlnlab.init.WeightsFile;
import org.dlnlab.model.DeepLinearNet;
import org.dlnlab.objective.LinearChainObjective;
import org.dlnlab.objective.LossConvention;
import org.dlnlab.objective.Objective;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CentralFlowTest {
    private static final Problem FIG1 = Problem.of(DataSources.load("builtin:mc_fig1", List.of()));
    private static final DeepLinearNet NET = DeepLinearNet.standard(5, 5, 10, 1);

    private static CentralFlow.Result run(double eta, int steps, int maxActive, double[] w, List<double[]> betas,
                                          List<CentralFlow.Row> rows) {
        LinearChainObjective o = new LinearChainObjective(NET, FIG1, LossConvention.MSE);
        return new CentralFlow(eta, steps, maxActive, List.of()).run(o, w, Sharpness.Options.defaults(),
                RandomStreams.of(0, "sharpness"), row -> {
                    rows.add(row);
                    betas.add(endToEnd(row.step().weights()));
                });
    }

    private static double[] endToEnd(double[] w) {
        LinearChainObjective o = new LinearChainObjective(NET, FIG1, LossConvention.MSE);
        o.setPoint(w);
        return o.endToEnd();
    }

    /** Below 1.95/η every substep is a GD step of η/4: N central-flow steps are 4N GD steps, bit for bit. */
    @Test
    void belowTheEdgeItIsGradientDescentWithAQuarterStep() {
        double eta = 0.02;
        int steps = 60;
        double[] init = Initialization.parse("small:0.35").create(NET, FIG1, RandomStreams.of(3, "init"));
        double[] w = init.clone();
        List<CentralFlow.Row> rows = new ArrayList<>();
        CentralFlow.Result r = run(eta, steps, 1, w, new ArrayList<>(), rows);
        assertEquals(-1, r.edgeStep());
        assertEquals(steps + 1, rows.size());
        for (CentralFlow.Row row : rows) {
            assertEquals(0, row.activeEigenvalues());
            assertEquals(0, row.sigma2());
            assertTrue(row.sharpness() < 1.95 / eta);
        }
        double[] gd = init.clone();
        Objective o = new LinearChainObjective(NET, FIG1, LossConvention.MSE);
        Sharpness s = new Sharpness(Sharpness.Options.defaults(), RandomStreams.of(0, "sharpness"));
        Trainer.gradientDescent(eta / 4, 4 * steps, 0).run(o, gd, s, rec -> { });
        assertArrayEquals(gd, w, 0.0);
        assertEquals(StopReason.COMPLETED, r.result().stopReason());
        assertEquals(steps, r.result().stepsDone());
    }

    /**
     * The reference scheme against an implementation written separately in NumPy (scripts/oracles/central_flow.py:
     * per-sample backpropagation, dense Hessian by jets, numpy.linalg.eigh) on Fig. 1's set-up, s = 0.35,
     * η = 0.1, 450 steps: the end-to-end map at every GD step to 1e-8 (2e-14 when written), the same active steps, σ² and sharpness.
     */
    @Test
    void matchesTheIndependentScriptOnFigureOne() throws IOException, URISyntaxException {
        Path dir = Path.of(getClass().getResource("/centralflow/mc_fig1_s0.35_eta0.1").toURI());
        double[] w = WeightsFile.read(dir.resolve("init.npz")).parameters();
        List<double[]> betas = new ArrayList<>();
        List<CentralFlow.Row> rows = new ArrayList<>();
        CentralFlow.Result r = run(0.1, 450, 1, w, betas, rows);
        List<String> lines = Files.readAllLines(dir.resolve("trajectory.csv"));
        assertEquals(lines.size() - 1, rows.size());
        double worst = 0;
        int firstActive = -1;
        for (int t = 0; t < rows.size(); t++) {
            String[] f = lines.get(t + 1).split(",");
            double[] beta = new double[5];
            for (int i = 0; i < 5; i++) {
                beta[i] = Double.parseDouble(f[4 + i]);
            }
            worst = Math.max(worst, org.dlnlab.testing.RandomNets.relativeError(betas.get(t), beta));
            CentralFlow.Row row = rows.get(t);
            assertEquals(Integer.parseInt(f[3]), row.activeEigenvalues(), "active at step " + t);
            assertEquals(Double.parseDouble(f[1]), row.sharpness(), 1e-8 * row.sharpness(), "sharpness at " + t);
            assertEquals(Double.parseDouble(f[2]), row.sigma2(), 1e-6 * Math.max(row.sigma2(), 1e-3),
                    "σ² at " + t);
            if (firstActive < 0 && row.activeEigenvalues() > 0) {
                firstActive = t;
            }
        }
        assertTrue(worst <= 1e-8, "end-to-end map vs the NumPy script: " + worst);
        assertTrue(firstActive > 0 && r.edgeStep() <= firstActive, r.edgeStep() + " vs " + firstActive);
        // Once at the edge the restoring term holds ηS at 2 to first order in h: the largest miss (4.6e-3 here) is the
        // substep after entering at 1.95/η.
        assertTrue(r.maxEdgeDeviation() < 1e-2, "max |ηS − 2| = " + r.maxEdgeDeviation());
    }

    /**
     * A residual net whose top two eigenvalues meet at the edge (Fig. 2's set-up, L = 5, η = 0.8·2/S_lb): with one
     * eigenvalue allowed the run stops at the crossing; with three it goes on with two at the edge, entering and
     * leaving the active set, its X meeting the complementarity conditions to 1e-10 at every such substep.
     */
    @Test
    void twoEigenvaluesAtTheEdge() {
        DeepLinearNet net = DeepLinearNet.residual(5, 5, org.dlnlab.data.ProjectionFile.load(
                "builtin:mc_projections:depths_L5", 5));
        double eta = 0.8 * 2 / org.dlnlab.theory.Bounds.of(FIG1, 5, LossConvention.MSE).sharpnessLowerBound();
        double[] init = Initialization.parse("residual:0.25").create(net, FIG1, RandomStreams.of(0, "init"));
        CentralFlow.Result one = new CentralFlow(eta, 120, 1, List.of()).run(new LinearChainObjective(net, FIG1,
                LossConvention.MSE), init.clone(), Sharpness.Options.defaults(), RandomStreams.of(0, "sharpness"),
                row -> { });
        assertEquals(StopReason.EIGENVALUE_CROSSING, one.result().stopReason());
        double[] ev = one.result().finalSharpness().eigenvalues();
        assertTrue(ev[0] - ev[1] < CentralFlow.CROSSING_GAP * ev[0]);
        List<CentralFlow.Row> rows = new ArrayList<>();
        CentralFlow.Result three = new CentralFlow(eta, 120, 3, List.of()).run(new LinearChainObjective(net, FIG1,
                LossConvention.MSE), init.clone(), Sharpness.Options.defaults(), RandomStreams.of(0, "sharpness"),
                rows::add);
        assertEquals(StopReason.COMPLETED, three.result().stopReason());
        assertTrue(three.changes().stream().anyMatch(c -> c.from() == 1 && c.to() == 2));
        assertTrue(three.changes().stream().anyMatch(c -> c.from() == 2 && c.to() == 1));
        assertTrue(rows.stream().anyMatch(r -> r.activeEigenvalues() == 2));
        assertTrue(three.complementarityError() > 0 && three.complementarityError() <= 1e-10,
                "complementarity violation " + three.complementarityError());
        assertEquals(2 / eta, three.result().finalSharpness().top(), 1e-6 * 2 / eta);
    }

    /** A stop rule is checked at every GD step's point; an interrupt keeps the point reached, with its weights. */
    @Test
    void stopRulesAndInterruptionEndTheRunAtAGdStep() {
        double[] init = Initialization.parse("small:0.35").create(NET, FIG1, RandomStreams.of(0, "init"));
        List<CentralFlow.Row> rows = new ArrayList<>();
        CentralFlow.Result stopped = new CentralFlow(0.1, 450, 1, List.of(new StopRule(StopRule.Quantity.LOSS, 0.5)))
                .run(new LinearChainObjective(NET, FIG1, LossConvention.MSE), init.clone(),
                        Sharpness.Options.defaults(), RandomStreams.of(0, "sharpness"), rows::add);
        assertEquals(StopReason.STOP_RULE, stopped.result().stopReason());
        CentralFlow.Row last = rows.get(rows.size() - 1);
        assertTrue(last.step().loss() < 0.5 && rows.get(rows.size() - 2).step().loss() >= 0.5);
        assertEquals(last.step().step(), stopped.result().stepsDone());
        Thread.currentThread().interrupt();
        CentralFlow.Result interrupted;
        try {
            interrupted = new CentralFlow(0.1, 450, 1, List.of()).run(new LinearChainObjective(NET, FIG1,
                    LossConvention.MSE), init.clone(), Sharpness.Options.defaults(), RandomStreams.of(0, "sharpness"),
                    row -> { });
        } finally {
            Thread.interrupted();
        }
        assertEquals(StopReason.INTERRUPTED, interrupted.result().stopReason());
        assertEquals(0, interrupted.result().stepsDone());
        assertArrayEquals(init, interrupted.result().weights(), 0.0);
    }
}
