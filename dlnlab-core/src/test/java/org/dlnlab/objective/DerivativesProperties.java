package org.dlnlab.objective;

import org.dlnlab.data.Problem;
import org.dlnlab.model.DeepLinearNet;
import org.dlnlab.testing.Cases;
import org.dlnlab.testing.Cases.Trial;
import org.dlnlab.testing.RandomNets;
import org.ejml.data.DMatrixRMaj;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Gradient, HVP and dense Hessian against oracles that share no code with them: central finite differences
 * of the risk and of the gradient, and the closed-form dense Hessian.
 */
class DerivativesProperties {
    private static final double TOL = 1e-8;

    private record Case(DeepLinearNet net, Problem problem, LossConvention loss, double[] w) {
    }

    private static Case randomCase(long seed, int depth, int maxWidth, int p, boolean projection) {
        SplittableRandom rng = new SplittableRandom(seed);
        int d = 1 + rng.nextInt(4);
        Problem problem = RandomNets.problem(6 + rng.nextInt(10), d, projection ? 1 : p, rng);
        DeepLinearNet net;
        if (projection) {
            double[] q = RandomNets.gaussian(d, 1, rng);
            net = DeepLinearNet.residual(d, depth, q);
        } else {
            net = RandomNets.net(d, p, depth, maxWidth, rng);
        }
        double[] w = RandomNets.gaussian(net.parameterCount(), 0.7, rng);
        LossConvention loss = rng.nextBoolean() ? LossConvention.MSE : LossConvention.HALF_MSE;
        return new Case(net, problem, loss, w);
    }

    private static double riskAt(Case c, double[] w) {
        return new LinearChainObjective(c.net, c.problem, c.loss).setPoint(w);
    }

    private static double[] gradientAt(Case c, double[] w) {
        Objective o = new LinearChainObjective(c.net, c.problem, c.loss);
        o.setPoint(w);
        double[] g = new double[w.length];
        o.gradient(g);
        return g;
    }

    /** Fourth-order central difference (Richardson on two step sizes) of f along coordinate i. */
    private static double derivative(java.util.function.DoubleUnaryOperator f, double h) {
        double d1 = (f.applyAsDouble(h) - f.applyAsDouble(-h)) / (2 * h);
        double d2 = (f.applyAsDouble(2 * h) - f.applyAsDouble(-2 * h)) / (4 * h);
        return (4 * d1 - d2) / 3;
    }

    /** Edge cases: depth {1, 2, 4, 5} × p {1, 2, 3} × projection. */
    @Cases.Property(tries = 60, edgeCases = 24)
    void gradientMatchesFiniteDifferences(Trial t) {
        long seed = t.anyLong("seed");
        int depth = t.intIn("depth", 1, 5);
        int p = t.intIn("p", 1, 3);
        boolean projection = t.anyBoolean("projection");
        Case c = randomCase(seed, depth, 4, p, projection);
        double[] g = gradientAt(c, c.w);
        double[] fd = new double[g.length];
        for (int i = 0; i < g.length; i++) {
            final int idx = i;
            fd[i] = derivative(h -> {
                double[] w = c.w.clone();
                w[idx] += h;
                return riskAt(c, w);
            }, 1e-3);
        }
        double err = RandomNets.relativeError(g, fd);
        assertTrue(err <= TOL, "gradient vs finite differences: " + err + " on " + c.net);
    }

    /** Edge cases: depth {1, 2, 4, 5} × p {1, 2, 3} × projection. */
    @Cases.Property(tries = 60, edgeCases = 24)
    void hvpMatchesDenseHessian(Trial t) {
        long seed = t.anyLong("seed");
        int depth = t.intIn("depth", 1, 5);
        int p = t.intIn("p", 1, 3);
        boolean projection = t.anyBoolean("projection");
        Case c = randomCase(seed, depth, 5, p, projection);
        DMatrixRMaj h = DenseHessian.compute(c.net, c.problem, c.loss, c.w);
        Objective o = new LinearChainObjective(c.net, c.problem, c.loss);
        o.setPoint(c.w);
        SplittableRandom rng = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
        double[] v = RandomNets.gaussian(c.w.length, 1, rng);
        double[] hv = new double[v.length];
        o.hvp(v, hv);
        double[] dense = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            for (int j = 0; j < v.length; j++) {
                dense[i] += h.get(i, j) * v[j];
            }
        }
        double err = RandomNets.relativeError(hv, dense);
        assertTrue(err <= TOL, "HVP vs dense Hessian: " + err + " on " + c.net);
    }

    /** Edge cases: depth {1, 2, 3, 4} × p {1, 2} × projection. */
    @Cases.Property(tries = 40, edgeCases = 16)
    void denseHessianMatchesFiniteDifferencesOfGradient(Trial t) {
        long seed = t.anyLong("seed");
        int depth = t.intIn("depth", 1, 4);
        int p = t.intIn("p", 1, 2);
        boolean projection = t.anyBoolean("projection");
        Case c = randomCase(seed, depth, 3, p, projection);
        DMatrixRMaj h = DenseHessian.compute(c.net, c.problem, c.loss, c.w);
        int n = c.w.length;
        double[] fd = new double[n * n];
        for (int j = 0; j < n; j++) {
            double[] plus = c.w.clone();
            double[] minus = c.w.clone();
            double[] plus2 = c.w.clone();
            double[] minus2 = c.w.clone();
            double step = 1e-3;
            plus[j] += step;
            minus[j] -= step;
            plus2[j] += 2 * step;
            minus2[j] -= 2 * step;
            double[] gp = gradientAt(c, plus);
            double[] gm = gradientAt(c, minus);
            double[] gp2 = gradientAt(c, plus2);
            double[] gm2 = gradientAt(c, minus2);
            for (int i = 0; i < n; i++) {
                double d1 = (gp[i] - gm[i]) / (2 * step);
                double d2 = (gp2[i] - gm2[i]) / (4 * step);
                fd[i * n + j] = (4 * d1 - d2) / 3;
            }
        }
        double err = RandomNets.relativeError(h.data, fd);
        assertTrue(err <= TOL, "dense Hessian vs finite differences of the gradient: " + err + " on " + c.net);
    }
}
