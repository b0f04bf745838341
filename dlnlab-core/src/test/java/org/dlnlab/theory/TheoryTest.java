package org.dlnlab.theory;

import org.dlnlab.curvature.DenseSpectrum;
import org.dlnlab.curvature.Sharpness;
import org.dlnlab.data.DataSources;
import org.dlnlab.data.Problem;
import org.dlnlab.init.Initialization;
import org.dlnlab.model.DeepLinearNet;
import org.dlnlab.objective.DenseHessian;
import org.dlnlab.objective.LossConvention;
import org.dlnlab.objective.LinearChainObjective;
import org.dlnlab.objective.Objective;
import org.dlnlab.testing.Cases;
import org.dlnlab.testing.Cases.Trial;
import org.dlnlab.testing.RandomNets;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TheoryTest {
    private static final Problem FIG1 = Problem.of(DataSources.load("builtin:mc_fig1", List.of()));

    /** W_1..W_{L−1} Gaussian with hidden widths ≥ d, then W_L = w*ᵀ pinv(W_{L−1}⋯W_1), so E = w*. */
    static double[] randomMinimizer(DeepLinearNet net, Problem problem, SplittableRandom rng) {
        double[] w = new double[net.parameterCount()];
        int depth = net.depth();
        for (int i = 0; i < net.offset(depth); i++) {
            w[i] = rng.nextGaussian() / Math.sqrt(net.width(1));
        }
        int d = problem.d();
        DMatrixRMaj a = CommonOps_DDRM.identity(d);
        for (int k = 1; k < depth; k++) {
            DMatrixRMaj layer = new DMatrixRMaj(net.rows(k), net.cols(k), true,
                    java.util.Arrays.copyOfRange(w, net.offset(k), net.offset(k) + net.rows(k) * net.cols(k)));
            DMatrixRMaj next = new DMatrixRMaj(net.rows(k), d);
            CommonOps_DDRM.mult(layer, a, next);
            a = next;
        }
        DMatrixRMaj pinv = new DMatrixRMaj(d, a.numRows);
        CommonOps_DDRM.pinv(a, pinv);
        DMatrixRMaj last = new DMatrixRMaj(1, a.numRows);
        CommonOps_DDRM.mult(new DMatrixRMaj(1, d, true, problem.wStar()), pinv, last);
        System.arraycopy(last.data, 0, w, net.offset(depth), last.data.length);
        return w;
    }

    @Test
    void dByDSharpnessAtMinimizersAgreesWithLanczosAndDense() {
        SplittableRandom rng = new SplittableRandom(8);
        for (int depth : new int[]{1, 2, 4, 10}) {
            DeepLinearNet net = DeepLinearNet.standard(5, 6, depth, 1);
            for (double[] w : new double[][]{randomMinimizer(net, FIG1, rng),
                    Initialization.parse("aligned-minimizer").create(net, FIG1, rng)}) {
                Objective o = new LinearChainObjective(net, FIG1, LossConvention.HALF_MSE);
                assertEquals(0.5 * FIG1.rMin(), o.setPoint(w), 1e-12, "not a minimizer");
                double exact = MinimizerSharpness.of(net, FIG1, LossConvention.HALF_MSE, w);
                double lanczos = new Sharpness(Sharpness.Options.defaults(), rng).at(o.hessianAt(w)).top();
                double dense = DenseSpectrum.top(DenseHessian.compute(net, FIG1, LossConvention.HALF_MSE, w), 1)
                        .top();
                assertEquals(dense, exact, 1e-9 * dense, "depth " + depth);
                assertEquals(dense, lanczos, 1e-9 * dense, "depth " + depth);
            }
        }
    }

    /** Edge cases: depth {1, 2, 7, 8} × d {1, 2, 4, 5}. */
    @Cases.Property(tries = 40, edgeCases = 16)
    void everyMinimizerIsAtLeastAsSharpAsTheLowerBound(Trial t) {
        long seed = t.anyLong("seed");
        int depth = t.intIn("depth", 1, 8);
        int d = t.intIn("d", 1, 5);
        SplittableRandom rng = new SplittableRandom(seed);
        Problem problem = RandomNets.problem(d + 3 + rng.nextInt(20), d, 1, rng);
        DeepLinearNet net = DeepLinearNet.standard(d, d + rng.nextInt(4), depth, 1);
        double[] w = randomMinimizer(net, problem, rng);
        double s = MinimizerSharpness.of(net, problem, LossConvention.MSE, w);
        Bounds b = Bounds.of(problem, depth, LossConvention.MSE);
        assertTrue(s >= b.sharpnessLowerBound() * (1 - 1e-12), s + " < S_lb = " + b.sharpnessLowerBound());
        assertTrue(b.sharpnessLowerBound() <= b.balancedMinimizerSharpness() * (1 + 1e-12));
        assertTrue(b.balancedMinimizerSharpness() <= b.balancedUpperBound() * (1 + 1e-12));
    }

    @Test
    void sharpenedMinimizersKeepTheRiskAndGrowLikeCSquared() {
        DeepLinearNet net = DeepLinearNet.standard(5, 5, 4, 1);
        double[] w = Initialization.parse("aligned-minimizer").create(net, FIG1, null);
        double previous = Double.NaN;
        for (double c : new double[]{64, 128, 256, 512}) {
            double[] sharp = Constructions.sharpen(net, w, c);
            Objective o = new LinearChainObjective(net, FIG1, LossConvention.MSE);
            assertEquals(FIG1.rMin(), o.setPoint(sharp), 1e-12);
            double s = MinimizerSharpness.of(net, FIG1, LossConvention.MSE, sharp);
            if (!Double.isNaN(previous)) {
                assertEquals(4, s / previous, 0.01, "S(2c)/S(c) at c = " + c);
            }
            previous = s;
        }
    }
}
