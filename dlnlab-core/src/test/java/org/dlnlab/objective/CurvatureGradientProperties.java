package org.dlnlab.objective;

import org.dlnlab.curvature.Sharpness;
import org.dlnlab.curvature.SpectrumEstimate;
import org.dlnlab.data.Dataset;
import org.dlnlab.data.Problem;
import org.dlnlab.model.DeepLinearNet;
import org.dlnlab.testing.Cases;
import org.dlnlab.testing.Cases.Trial;
import org.dlnlab.testing.RandomNets;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ∇(vᵀHv) with v fixed against two oracles: hyper-dual numbers (three nilpotent units, the ε₁ε₂ε₃ coefficient of
 * R(W + ε₁v + ε₂v + ε₃e_i) is D³R[v, v, e_i]) evaluated on the raw samples, sharing no code with the chains; and
 * central finite differences of the certified Lanczos sharpness, for v = u the top eigenvector.
 */
class CurvatureGradientProperties {
    private record Case(DeepLinearNet net, Dataset data, Problem problem, LossConvention loss, double[] w) {
    }

    private static Case randomCase(long seed, int depth, int p, boolean projection) {
        SplittableRandom rng = new SplittableRandom(seed);
        int d = 1 + rng.nextInt(4);
        Dataset data = RandomNets.dataset(6 + rng.nextInt(10), d, projection ? 1 : p, rng);
        DeepLinearNet net = projection ? DeepLinearNet.residual(d, depth, RandomNets.gaussian(d, 1, rng))
                : RandomNets.net(d, p, depth, 4, rng);
        double[] w = RandomNets.gaussian(net.parameterCount(), 0.7, rng);
        LossConvention loss = rng.nextBoolean() ? LossConvention.MSE : LossConvention.HALF_MSE;
        return new Case(net, data, Problem.of(data), loss, w);
    }

    /** Edge cases: depth {1, 2, 4, 5} × p {1, 2, 3} × projection. */
    @Cases.Property(tries = 40, edgeCases = 24)
    void matchesHyperDualNumbers(Trial t) {
        long seed = t.anyLong("seed");
        Case c = randomCase(seed, t.intIn("depth", 1, 5), t.intIn("p", 1, 3), t.anyBoolean("projection"));
        double[] v = RandomNets.gaussian(c.w.length, 1, new SplittableRandom(~seed));
        double[] got = new double[v.length];
        new CurvatureGradient(objectiveAt(c)).along(v, got);
        double err = RandomNets.relativeError(got, HyperDual.gradient(c, v, v));
        assertTrue(err <= 1e-10, "∇(vᵀHv) vs hyper-dual numbers: " + err + " on " + c.net);
    }

    /** The cross term by polarization against the hyper-dual D³R[v_i, v_j, ·]. */
    @Cases.Property(tries = 20, edgeCases = 8)
    void crossTermMatchesHyperDualNumbers(Trial t) {
        long seed = t.anyLong("seed");
        Case c = randomCase(seed, t.intIn("depth", 1, 4), 1, t.anyBoolean("projection"));
        SplittableRandom rng = new SplittableRandom(~seed);
        double[] vi = RandomNets.gaussian(c.w.length, 1, rng);
        double[] vj = RandomNets.gaussian(c.w.length, 1, rng);
        double[] got = new double[vi.length];
        new CurvatureGradient(objectiveAt(c)).cross(vi, vj, got);
        double err = RandomNets.relativeError(got, HyperDual.gradient(c, vi, vj));
        assertTrue(err <= 1e-10, "∇(v_iᵀHv_j) vs hyper-dual numbers: " + err + " on " + c.net);
    }

    /** ∇S at a point with a simple top eigenvalue against central differences of the certified sharpness. */
    @Cases.Property(tries = 20, edgeCases = 8)
    void sharpnessGradientMatchesFiniteDifferences(Trial t) {
        long seed = t.anyLong("seed");
        Case c = randomCase(seed, t.intIn("depth", 2, 5), 1, t.anyBoolean("projection"));
        SpectrumEstimate top = sharpnessAt(c, c.w, 2);
        // A nearly double top eigenvalue has no smooth gradient: such draws test nothing.
        org.junit.jupiter.api.Assumptions.assumeTrue(
                top.eigenvalues()[0] - top.eigenvalues()[1] > 1e-2 * Math.abs(top.top()));
        double[] got = new double[c.w.length];
        new CurvatureGradient(objectiveAt(c)).along(top.topVector(), got);
        double[] fd = new double[got.length];
        double h = 1e-4;
        for (int i = 0; i < fd.length; i++) {
            double[] s = new double[4];
            double[] steps = {h, -h, 2 * h, -2 * h};
            for (int j = 0; j < 4; j++) {
                double[] w = c.w.clone();
                w[i] += steps[j];
                s[j] = sharpnessAt(c, w, 1).top();
            }
            // Richardson on two step sizes: fourth order.
            fd[i] = (4 * (s[0] - s[1]) / (2 * h) - (s[2] - s[3]) / (4 * h)) / 3;
        }
        double err = RandomNets.relativeError(got, fd);
        assertTrue(err <= 1e-6, "∇S vs finite differences of the Lanczos sharpness: " + err + " on " + c.net);
    }

    private static LinearChainObjective objectiveAt(Case c) {
        LinearChainObjective o = new LinearChainObjective(c.net, c.problem, c.loss);
        o.setPoint(c.w);
        return o;
    }

    private static SpectrumEstimate sharpnessAt(Case c, double[] w, int k) {
        Sharpness s = new Sharpness(new Sharpness.Options(org.dlnlab.curvature.SharpnessMethod.LANCZOS, k, 1e-12, 20,
                500), new SplittableRandom(7));
        return s.at(new LinearChainObjective(c.net, c.problem, c.loss).hessianAt(w));
    }

    /**
     * Numbers a₀ + Σ a_m ε^m over the subsets m of three units with ε_i² = 0, indexed by bit mask; the risk evaluated
     * sample by sample, c/n Σ‖y − P W_L ⋯ W_1 x‖², as the definition reads.
     */
    private static final class HyperDual {
        /** D³R(W)[a, b, ·], coordinate by coordinate. */
        static double[] gradient(Case c, double[] a, double[] b) {
            double[] out = new double[a.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = thirdDerivative(c, a, b, i);
            }
            return out;
        }

        /** D³R(W)[a, b, e_i]: the ε₁ε₂ε₃ coefficient of R(W + ε₁a + ε₂b + ε₃e_i). */
        static double thirdDerivative(Case c, double[] a, double[] b, int i) {
            int n = c.w.length;
            double[][] w = new double[n][8];
            for (int j = 0; j < n; j++) {
                w[j][0] = c.w[j];
                w[j][1] = a[j];
                w[j][2] = b[j];
                w[j][4] = j == i ? 1 : 0;
            }
            DeepLinearNet net = c.net;
            Dataset data = c.data;
            int samples = data.n();
            int p = data.p();
            double[] total = new double[8];
            for (int s = 0; s < samples; s++) {
                double[][] x = new double[data.d()][8];
                for (int j = 0; j < data.d(); j++) {
                    x[j][0] = data.x()[s * data.d() + j];
                }
                for (int k = 1; k <= net.depth(); k++) {
                    double[][] next = new double[net.rows(k)][8];
                    for (int r = 0; r < net.rows(k); r++) {
                        for (int q = 0; q < net.cols(k); q++) {
                            addProduct(w[net.offset(k) + r * net.cols(k) + q], x[q], next[r]);
                        }
                    }
                    x = next;
                }
                double[][] out = x;
                if (net.hasProjection()) {
                    double[] proj = net.projection();
                    int dL = net.width(net.depth());
                    out = new double[p][8];
                    for (int q = 0; q < p; q++) {
                        for (int r = 0; r < dL; r++) {
                            for (int m = 0; m < 8; m++) {
                                out[q][m] += proj[q * dL + r] * x[r][m];
                            }
                        }
                    }
                }
                for (int q = 0; q < p; q++) {
                    double[] e = out[q].clone();
                    e[0] -= data.y()[s * p + q];
                    addProduct(e, e, total);
                }
            }
            return c.loss.factor() * total[7] / samples;
        }

        /** acc += x·y. */
        private static void addProduct(double[] x, double[] y, double[] acc) {
            for (int m = 0; m < 8; m++) {
                for (int sub = m; ; sub = (sub - 1) & m) {
                    acc[m] += x[sub] * y[m & ~sub];
                    if (sub == 0) {
                        break;
                    }
                }
            }
        }
    }
}
