package org.dlnlab.theory;

import org.dlnlab.InvalidInputException;
import org.dlnlab.curvature.Sharpness;
import org.dlnlab.data.Columns;
import org.dlnlab.data.DataSources;
import org.dlnlab.data.Dataset;
import org.dlnlab.data.Problem;
import org.dlnlab.init.Initialization;
import org.dlnlab.model.DeepLinearNet;
import org.dlnlab.objective.LinearChainObjective;
import org.dlnlab.objective.LossConvention;
import org.dlnlab.train.GradientFlow;
import org.dlnlab.train.Trainer;
import org.dlnlab.train.UpdateRule;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Gidel et al.'s modes on the network: the built-in generators' statistics, matrix GD and flow from the spectral
 * initialization against the per-mode recurrences and closed forms (Saxe et al.'s for depth 3 and 4), and
 * reduced-rank regression against a NumPy fixture computed another way.
 */
class ModesTest {
    private static final double[] SIGMA = {2.0, 1.2, 0.5};
    private static final double[] LAMBDA = {1.5, 0.8, 1.0, 0.6};
    private static final String COMMUTING = "builtin:commuting:sigma=2,1.2,0.5:lambda=1.5,0.8,1,0.6:seed=3";

    private static Problem problem(String spec) {
        return Problem.of(DataSources.load(spec, List.of()));
    }

    @Test
    void theCommutingGeneratorHasExactlyThePrescribedStatistics() {
        Modes m = Modes.of(problem(COMMUTING));
        for (int i = 0; i < SIGMA.length; i++) {
            assertEquals(SIGMA[i], m.sigma()[i], 1e-14);
            assertEquals(LAMBDA[i], m.lambda()[i], 1e-14);
        }
        assertEquals(0, m.commutatorNorm(), 1e-14);
        // Σ's eigenvalues are λ, whichever order the rotation puts them in.
        double[] eig = problem(COMMUTING).sigmaEigenvalues();
        double[] sorted = LAMBDA.clone();
        java.util.Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            assertEquals(sorted[i], eig[i], 1e-14);
        }
    }

    @Test
    void theAngleTurnsTheCommutatorOnAndKeepsTheSingularValues() {
        double previous = 0;
        for (double angle : new double[]{0.1, 0.3, 0.6}) {
            Problem p = problem("builtin:noncommuting:sigma=2,1.2,0.5:lambda=1.5,0.8,1,0.6:angle=" + angle + ":seed=3");
            Modes m = Modes.of(p);
            assertEquals(SIGMA[0], m.sigma()[0], 1e-14);
            assertTrue(m.commutatorNorm() > previous + 0.01, "θ = " + angle + ": " + m.commutatorNorm());
            previous = m.commutatorNorm();
            // u_1 sees Σ's variance cos²θ λ_1 + sin²θ λ_2 once Σ's basis is turned by θ in the plane of u_1, u_2.
            double c = Math.cos(angle);
            double s = Math.sin(angle);
            assertEquals(c * c * LAMBDA[0] + s * s * LAMBDA[1], m.lambda()[0], 1e-13);
        }
    }

    @Test
    void generatorSpecsAreCheckedAndNamed() {
        for (String bad : new String[]{"builtin:commuting", "builtin:commuting:sigma=1,-2",
                "builtin:commuting:sigma=1,2,3:lambda=1,1", "builtin:commuting:sigma=1:angle=0.2",
                "builtin:noncommuting:sigma=1,2:lambda=1,2", "builtin:commuting:sigma=1:colour=red",
                "builtin:commuting:sigma=1:seed=x"}) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> DataSources.load(bad, List.of()), bad);
            assertTrue(e.getMessage().startsWith(bad), e.getMessage());
        }
        assertThrows(InvalidInputException.class, () -> DataSources.load("builtin:commuting:sigma=1",
                new Columns(List.of("y1"), null, null)));
    }

    /** The modes w_i = u_iᵀEv_i of E(k) along matrix GD from the spectral init, for k = 0..steps. */
    private static double[][] gdModes(Problem problem, int depth, double delta, double eta, int steps,
                                      LossConvention loss) {
        Modes modes = Modes.of(problem);
        int d = problem.d();
        int[] widths = new int[depth + 1];
        java.util.Arrays.fill(widths, d);
        widths[depth] = problem.p();
        DeepLinearNet net = DeepLinearNet.of(widths);
        double[] w = Initialization.parse("spectral:" + delta).create(net, problem, null);
        double[][] out = new double[steps + 1][];
        var r = new Trainer(UpdateRule.gradientDescent(eta), steps, 0, 1).run(new LinearChainObjective(net, problem,
                loss), w, new Sharpness(Sharpness.Options.defaults(), new SplittableRandom(1)),
                rec -> out[rec.step()] = modes.strengths(Modes.endToEnd(net, rec.weights())));
        assertFalse(r.diverged());
        return out;
    }

    @Test
    void matrixGdFromTheSpectralInitFollowsThePerModeRecurrencesAtDepthsTwoToFour() {
        Problem problem = problem(COMMUTING);
        double delta = 6;
        double eta = 0.1;
        int steps = 300;
        for (int depth = 2; depth <= 4; depth++) {
            double[][] measured = gdModes(problem, depth, delta, eta, steps, LossConvention.HALF_MSE);
            double max = 0;
            for (int i = 0; i < SIGMA.length; i++) {
                // The recurrence written out here, w' = w(1 + η w^{1−2/L}(σ − λw))^L, not through the code under test.
                double w = Math.exp(-delta);
                for (int k = 0; k <= steps; k++) {
                    assertEquals(w, measured[k][i], 1e-12, "depth " + depth + ", mode " + i + ", step " + k);
                    max = Math.max(max, w);
                    w = w * Math.pow(1 + eta * Math.pow(w, 1 - 2.0 / depth) * (SIGMA[i] - LAMBDA[i] * w), depth);
                }
            }
            assertTrue(max > 1, "the modes were learned: " + max);
        }
    }

    @Test
    void underMseTheRecurrencesTakeTwiceTheStep() {
        Problem problem = problem(COMMUTING);
        double eta = 0.05;
        double[][] measured = gdModes(problem, 2, 5, eta, 200, LossConvention.MSE);
        for (int i = 0; i < SIGMA.length; i++) {
            double apart = 0;
            for (int k = 0; k <= 200; k++) {
                double expected = TwoLayerModes.twoLayerGd(SIGMA[i], LAMBDA[i], Math.exp(-5),
                        LossConvention.MSE.halfMseStep(eta), k);
                assertEquals(expected, measured[k][i], 1e-12);
                apart = Math.max(apart, Math.abs(TwoLayerModes.twoLayerGd(SIGMA[i], LAMBDA[i], Math.exp(-5), eta, k)
                        - expected));
            }
            assertTrue(apart > 0.1, "η and 2η are told apart: " + apart);
        }
    }

    @Test
    void gradientFlowFromTheSpectralInitFollowsTheClosedForms() {
        Problem problem = problem(COMMUTING);
        Modes modes = Modes.of(problem);
        DeepLinearNet net = DeepLinearNet.of(4, 4, 3);
        double delta = 5;
        double[] w = Initialization.parse("spectral:" + delta).create(net, problem, null);
        LinearChainObjective o = new LinearChainObjective(net, problem, LossConvention.HALF_MSE);
        double[] worst = new double[1];
        new GradientFlow(8, 0.25, 0, List.of(), 1e-13, 1e-13, GradientFlow.Method.DORMAND_PRINCE_853).run(o, w,
                new Sharpness(Sharpness.Options.defaults(), new SplittableRandom(1)), rec -> {
                    double[] m = modes.strengths(Modes.endToEnd(net, rec.weights()));
                    for (int i = 0; i < SIGMA.length; i++) {
                        double expected = TwoLayerModes.twoLayerFlow(SIGMA[i], LAMBDA[i], Math.exp(-delta), rec.time());
                        worst[0] = Math.max(worst[0], Math.abs(m[i] - expected));
                    }
                });
        assertTrue(worst[0] < 1e-9, "largest deviation " + worst[0]);
    }

    /**
     * The switch-on time of the balanced flow (closed form at L = 2, Simpson's rule in ln w at L = 3, 4) is where the
     * network's flow, integrated to exactly that time, has its mode at half the limit.
     */
    @Test
    void theFlowSwitchOnTimeIsWhereTheNetworksModeReachesHalfItsLimit() {
        Problem problem = problem(COMMUTING);
        Modes modes = Modes.of(problem);
        for (int depth = 2; depth <= 4; depth++) {
            int[] widths = new int[depth + 1];
            java.util.Arrays.fill(widths, 4);
            widths[depth] = 3;
            DeepLinearNet net = DeepLinearNet.of(widths);
            double delta = 4;
            double t = TwoLayerModes.switchOnTimeFlow(depth, SIGMA[0], LAMBDA[0], Math.exp(-delta));
            double[] w = Initialization.parse("spectral:" + delta).create(net, problem, null);
            LinearChainObjective o = new LinearChainObjective(net, problem, LossConvention.HALF_MSE);
            double[] last = new double[1];
            new GradientFlow(t, t, 0, List.of(), 1e-13, 1e-13, GradientFlow.Method.DORMAND_PRINCE_853).run(o, w,
                    new Sharpness(Sharpness.Options.defaults(), new SplittableRandom(1)),
                    rec -> last[0] = modes.strengths(Modes.endToEnd(net, rec.weights()))[0]);
            assertEquals(modes.threshold(0), last[0], 1e-9, "depth " + depth + ", t = " + t);
        }
    }

    @Test
    void deeperNetworksSwitchOnNearOneOverSigmaInTheRescaledTime() {
        for (int depth = 3; depth <= 4; depth++) {
            for (double sigma : SIGMA) {
                // As δ grows, t/T_L(δ) → 1/σ: the relative gap shrinks like e^{−δ(1−2/L)}.
                double delta = 30;
                double t = TwoLayerModes.switchOnTimeFlow(depth, sigma, 1, Math.exp(-delta));
                double rescaled = t / TwoLayerModes.timeScale(depth, delta);
                assertEquals(TwoLayerModes.switchOnFlowRescaled(depth, sigma), rescaled, 1e-3 / sigma,
                        "depth " + depth + ", σ = " + sigma);
            }
        }
    }

    @Test
    void reducedRankRegressionMatchesTheNumPyFixture() throws Exception {
        double[] x = {1.0, 0.5, -0.3, 0.2, -1.1, 0.7, -0.4, 0.3, 1.5, 1.3, 0.9, 0.1, -0.8, 0.6, -0.9, 0.5, -0.2, 0.4};
        double[] y = {0.9, -0.2, 0.1, 1.0, -0.7, 0.4, 1.4, 0.3, -0.2, -0.8, 0.6, 0.5};
        Problem problem = Problem.of(new Dataset("rrr", new String[]{"a", "b", "c"}, new String[]{"y", "z"}, x, y));
        Modes modes = Modes.of(problem);
        int checked = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(ModesTest.class.getResourceAsStream(
                "/dlnlab/rrr/rrr.csv"), StandardCharsets.UTF_8))) {
            in.readLine();
            for (String line; (line = in.readLine()) != null; ) {
                String[] f = line.split(",");
                int rank = Integer.parseInt(f[0]);
                double value = Double.parseDouble(f[3]);
                if (f[1].equals("loss")) {
                    assertEquals(value, Modes.risk(problem, LossConvention.MSE, modes.reducedRank(rank)), 1e-13);
                } else {
                    int row = Integer.parseInt(f[1]);
                    int col = Integer.parseInt(f[2]);
                    assertEquals(value, modes.reducedRank(rank)[row * 2 + col], 1e-13, line);
                }
                checked++;
            }
        }
        assertEquals(21, checked);
        // The full rank is least squares.
        assertEquals(0, Modes.distance(modes.reducedRank(2), problem.wStar()), 1e-13);
    }

    @Test
    void onCommutingDataThePlateausAreTheReducedRankSolutionsOnlyWhenTheOrdersAgree() {
        // σ/√λ = 1.63, 1.34, 0.5: the same order as σ, so every plateau is the RRR solution of its rank.
        Modes same = Modes.of(problem(COMMUTING));
        for (int r = 0; r <= 3; r++) {
            assertEquals(0, Modes.distance(same.plateau(r), same.reducedRank(r)), 1e-13, "rank " + r);
        }
        // λ = 4, 0.25: σ/√λ = 1, 2 reverses σ = 2, 1, so the first plateau is not RRR(1).
        Modes swapped = Modes.of(problem("builtin:commuting:sigma=2,1:lambda=4,0.25"));
        assertTrue(Modes.distance(swapped.plateau(1), swapped.reducedRank(1)) > 1);
        assertEquals(0, Modes.distance(swapped.plateau(2), swapped.reducedRank(2)), 1e-13);
    }
}
