package org.dlnlab.theory;

import org.dlnlab.curvature.Sharpness;
import org.dlnlab.data.Dataset;
import org.dlnlab.data.Problem;
import org.dlnlab.init.Initialization;
import org.dlnlab.net.DeepLinearNet;
import org.dlnlab.objective.LossConvention;
import org.dlnlab.objective.Objective;
import org.dlnlab.train.GradientDescent;
import org.dlnlab.train.GradientFlow;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The closed forms against numerical training; the two-layer ones are also checked in GradientFlowTest. */
class TwoLayerModesTest {
    private static final double[] LAMBDA = {2.0, 0.5};
    private static final double[] SIGMA = {1.5, 0.4};

    /** Diagonal statistics Σ = diag(λ), Σ_xy = diag(σ): U = V = I, n = d = p = 2. */
    private static Problem diagonalProblem() {
        int n = 2;
        double[] x = {Math.sqrt(n * LAMBDA[0]), 0, 0, Math.sqrt(n * LAMBDA[1])};
        double[] y = {x[0] * SIGMA[0] / LAMBDA[0], 0, 0, x[3] * SIGMA[1] / LAMBDA[1]};
        return Problem.of(new Dataset("diag", new String[]{"a", "b"}, new String[]{"y", "z"}, x, y));
    }

    @Test
    void linearModelFollowsTheClosedFormsUnderGdAndFlow() {
        Problem problem = diagonalProblem();
        DeepLinearNet net = DeepLinearNet.of(2, 2);
        double[] w0 = {0.3, -0.2};
        double eta = 0.1;
        int steps = 37;
        double[] w = {w0[0], 0, 0, w0[1]};
        Objective o = new Objective(net, problem, LossConvention.HALF_MSE);
        Sharpness s = new Sharpness(Sharpness.Options.defaults(), new SplittableRandom(1));
        new GradientDescent(eta, steps, 0).run(o, w, s, r -> { });
        for (int i = 0; i < 2; i++) {
            assertEquals(TwoLayerModes.linearGd(SIGMA[i], LAMBDA[i], w0[i], eta, steps), w[3 * i], 1e-13);
        }
        double[] f = {w0[0], 0, 0, w0[1]};
        new GradientFlow(2.5, 2.5, 0, 0, 1e-13, 1e-13, GradientFlow.Method.DORMAND_PRINCE_853).run(o, f, s, r -> { });
        for (int i = 0; i < 2; i++) {
            assertEquals(TwoLayerModes.linearFlow(SIGMA[i], LAMBDA[i], w0[i], 2.5), f[3 * i], 1e-10);
        }
    }

    @Test
    void spectralInitializationMakesEveryModeFollowTheTwoLayerClosedForms() {
        Problem problem = diagonalProblem();
        DeepLinearNet net = DeepLinearNet.of(2, 2, 2);
        double delta = 3;
        double eta = 0.2;
        int steps = 25;
        double[] w = Initialization.parse("spectral:" + delta).create(net, problem, null);
        Objective o = new Objective(net, problem, LossConvention.HALF_MSE);
        Sharpness s = new Sharpness(Sharpness.Options.defaults(), new SplittableRandom(1));
        new GradientDescent(eta, steps, 0).run(o, w, s, r -> { });
        o.setPoint(w);
        double[] e = o.endToEnd();
        for (int i = 0; i < 2; i++) {
            double expected = TwoLayerModes.twoLayerGd(SIGMA[i], LAMBDA[i], Math.exp(-delta), eta, steps);
            assertEquals(expected, e[3 * i], 1e-12, "mode " + i);
        }
        assertEquals(0, e[1], 1e-14);
        assertEquals(0, e[2], 1e-14);
    }

    /** The first k with w(k) ≥ half its limit, for w(0) = e^{−δ}. */
    private static double gdHalfTime(double sigma, double lambda, double eta, double delta) {
        double w0 = Math.exp(-delta);
        for (int k = 0; ; k++) {
            if (TwoLayerModes.twoLayerGd(sigma, lambda, w0, eta, k) >= sigma / lambda / 2) {
                return k;
            }
        }
    }

    @Test
    void modesSwitchOnAtTheRescaledTimesAsTheInitShrinks() {
        double delta = 200;
        for (int i = 0; i < 2; i++) {
            // Flow: solve the logistic for w = target/2 in closed form is the formula itself; use bisection instead.
            double lo = 0;
            double hi = 10 * delta;
            for (int it = 0; it < 200; it++) {
                double mid = (lo + hi) / 2;
                if (TwoLayerModes.twoLayerFlow(SIGMA[i], LAMBDA[i], Math.exp(-delta), mid) < SIGMA[i] / LAMBDA[i] / 2) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            assertEquals(TwoLayerModes.switchOnFlow(SIGMA[i]), lo / delta, 0.01 * TwoLayerModes.switchOnFlow(SIGMA[i]));
            double eta = 0.05;
            assertEquals(TwoLayerModes.switchOnGd(SIGMA[i], eta), gdHalfTime(SIGMA[i], LAMBDA[i], eta, delta) / delta,
                    0.01 * TwoLayerModes.switchOnGd(SIGMA[i], eta));
            assertTrue(TwoLayerModes.switchOnGd(SIGMA[i], eta) > TwoLayerModes.switchOnFlow(SIGMA[i]) / eta);
        }
    }

    @Test
    void stabilityAndMonotonicityThresholdsMatchTheRecursion() {
        double sigma = SIGMA[0];
        double lambda = LAMBDA[0];
        double target = sigma / lambda;
        for (double eta : new double[]{0.2, 0.3, 0.34, 0.5, 0.6, 0.65, 0.7}) {
            double w = target * (1 + 1e-6);
            double[] path = new double[200];
            for (int k = 0; k < path.length; k++) {
                path[k] = TwoLayerModes.twoLayerGd(sigma, lambda, w, eta, k);
            }
            boolean stays = Math.abs(path[199] - target) < 1e-6 * target;
            boolean monotone = true;
            for (int k = 1; k < path.length; k++) {
                // Below round-off the sign of the error is noise, not an oscillation.
                boolean resolved = Math.abs(path[k] - target) > 1e-12 * target;
                monotone &= !resolved || Math.signum(path[k] - target) == Math.signum(path[0] - target);
            }
            assertEquals(TwoLayerModes.stable(sigma, eta), stays, "stability at η = " + eta);
            if (stays) {
                assertEquals(TwoLayerModes.monotone(sigma, eta), monotone, "monotonicity at η = " + eta);
            }
        }
        assertFalse(TwoLayerModes.stable(sigma, 1 / sigma));
    }
}
