package org.dlnlab.train;

import org.dlnlab.curvature.Sharpness;
import org.dlnlab.data.Dataset;
import org.dlnlab.data.Problem;
import org.dlnlab.model.DeepLinearNet;
import org.dlnlab.objective.LinearChainObjective;
import org.dlnlab.objective.LossConvention;
import org.dlnlab.testing.RandomNets;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Heavy-ball momentum (torch.optim.SGD(momentum=β, dampening=0): v ← βv − η∇R, W ← W + v, v₀ = 0) through the
 * trainer, against the recurrence written out here with the least-squares gradient (2/n)Xᵀ(Xw − y) of a one-layer
 * net, and its stability limit 2(1 + β)/η against the top eigenvalue of the constant Hessian 2Σ.
 */
class MomentumTest {
    private static final int N = 40;
    private static final int D = 6;
    private static final SplittableRandom RNG = new SplittableRandom(11);
    private static final Dataset DATA = RandomNets.dataset(N, D, 1, RNG);
    private static final double[] X = DATA.x();
    private static final double[] Y = DATA.y();
    private static final Problem PROBLEM = Problem.of(DATA);
    private static final DeepLinearNet LINEAR = DeepLinearNet.of(D, 1);

    private static double[] gaussian(int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = RNG.nextGaussian();
        }
        return a;
    }

    /** (2/n)Xᵀ(Xw − y), the mse gradient of the one-layer net. */
    private static double[] gradient(double[] w) {
        double[] g = new double[D];
        for (int i = 0; i < N; i++) {
            double r = -Y[i];
            for (int j = 0; j < D; j++) {
                r += X[i * D + j] * w[j];
            }
            for (int j = 0; j < D; j++) {
                g[j] += 2.0 / N * X[i * D + j] * r;
            }
        }
        return g;
    }

    private static TrainResult train(UpdateRule rule, double[] w, int steps, int every, List<StepRecord> records) {
        return new Trainer(rule, steps, every, 0).run(new LinearChainObjective(LINEAR, PROBLEM, LossConvention.MSE), w,
                new Sharpness(Sharpness.Options.defaults(), new SplittableRandom(1)), records::add);
    }

    @Test
    void followsTheHandWrittenRecurrence() {
        double eta = 0.01;
        double beta = 0.8;
        double[] w0 = gaussian(D);
        double[] w = w0.clone();
        double[] v = new double[D];
        for (int t = 0; t < 300; t++) {
            double[] g = gradient(w);
            for (int j = 0; j < D; j++) {
                v[j] = beta * v[j] - eta * g[j];
                w[j] += v[j];
            }
        }
        double[] trained = w0.clone();
        TrainResult r = train(UpdateRule.momentum(eta, beta), trained, 300, 0, new ArrayList<>());
        assertFalse(r.diverged());
        assertArrayEquals(w, trained, 1e-12);
    }

    @Test
    void betaZeroIsGradientDescent() {
        double[] a = gaussian(D);
        double[] b = a.clone();
        train(UpdateRule.momentum(0.02, 0), a, 200, 0, new ArrayList<>());
        train(UpdateRule.gradientDescent(0.02), b, 200, 0, new ArrayList<>());
        assertArrayEquals(b, a, 1e-13);
    }

    /** λ_max(2Σ): the Hessian of the mse risk of a one-layer net, everywhere. */
    private static double sharpness() {
        DMatrixRMaj h = new DMatrixRMaj(D, D, true, PROBLEM.sigma().clone());
        CommonOps_DDRM.scale(2, h);
        var eig = DecompositionFactory_DDRM.eig(D, false, true);
        assertTrue(eig.decompose(h));
        double top = 0;
        for (int i = 0; i < D; i++) {
            top = Math.max(top, eig.getEigenvalue(i).real);
        }
        return top;
    }

    @Test
    void theStabilityLimitIsTwoOnePlusBetaOverEta() {
        double s = sharpness();
        double beta = 0.6;
        // η·S just below and just above 2(1 + β): the quadratic's iteration contracts or grows along the top mode.
        double stable = 0.98 * 2 * (1 + beta) / s;
        double unstable = 1.02 * 2 * (1 + beta) / s;
        assertEquals(s, UpdateRule.momentum(stable, beta).stabilityLimit() * 0.98, 1e-12 * s);
        TrainResult below = train(UpdateRule.momentum(stable, beta), gaussian(D), 20_000, 0, new ArrayList<>());
        assertFalse(below.diverged());
        assertTrue(below.finalGradNorm() < 1e-8, "‖∇R‖ = " + below.finalGradNorm());
        TrainResult above = train(UpdateRule.momentum(unstable, beta), gaussian(D), 20_000, 0, new ArrayList<>());
        assertTrue(above.diverged());
        // Plain GD at the momentum-stable rate diverges: its limit is 2/η.
        assertTrue(train(UpdateRule.gradientDescent(stable), gaussian(D), 20_000, 0, new ArrayList<>()).diverged());
    }

    @Test
    void tracksSharpnessLikeGradientDescent() {
        List<StepRecord> records = new ArrayList<>();
        TrainResult r = train(UpdateRule.momentum(0.01, 0.9), gaussian(D), 100, 10, records);
        assertEquals(101, records.size());
        long samples = records.stream().filter(x -> x.sharpness() != null).count();
        assertEquals(11, samples);
        double s = sharpness();
        records.stream().filter(x -> x.sharpness() != null)
                .forEach(x -> assertEquals(s, x.sharpness().top(), 1e-9 * s));
        assertEquals(s, r.finalSharpness().top(), 1e-9 * s);
        assertEquals(0.5, records.get(50).time(), 1e-15);
    }

    @Test
    void betaOutsideZeroOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> UpdateRule.momentum(0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> UpdateRule.momentum(0.1, -0.1));
        assertThrows(IllegalArgumentException.class, () -> UpdateRule.momentum(0.1, Double.NaN));
    }
}
