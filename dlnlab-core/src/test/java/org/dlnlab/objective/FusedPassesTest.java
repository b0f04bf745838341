package org.dlnlab.objective;

import org.dlnlab.curvature.DenseSpectrum;
import org.dlnlab.curvature.Lanczos;
import org.dlnlab.curvature.Sharpness;
import org.dlnlab.curvature.SharpnessMethod;
import org.dlnlab.curvature.SpectrumEstimate;
import org.dlnlab.curvature.SymmetricOperator;
import org.dlnlab.data.Problem;
import org.dlnlab.model.DeepLinearNet;
import org.dlnlab.testing.RandomNets;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The one-output fast path beyond what the property tests' tiny nets reach: wide layers (full lane blocks),
 * a covariance of low rank (applied through its eigenvectors), Lanczos with a basis small enough to restart, and
 * steps and HVPs that allocate nothing.
 */
class FusedPassesTest {
    private static double[] denseTimes(DMatrixRMaj h, double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            double s = 0;
            for (int j = 0; j < v.length; j++) {
                s += h.get(i, j) * v[j];
            }
            out[i] = s;
        }
        return out;
    }

    private static SymmetricOperator hessian(Objective o, int n) {
        return new SymmetricOperator() {
            @Override
            public int dimension() {
                return n;
            }

            @Override
            public void apply(double[] v, double[] out) {
                o.hvp(v, out);
            }
        };
    }

    @Test
    void wideLayersAndLowRankCovarianceMatchTheDenseHessian() {
        SplittableRandom rng = new SplittableRandom(17);
        // d = 80 inputs from 12 samples: Σ has rank 12 < d/4, so Σx goes through its eigenvectors.
        Problem problem = RandomNets.problem(12, 80, 1, rng);
        for (DeepLinearNet net : new DeepLinearNet[] {DeepLinearNet.of(80, 3, 1), DeepLinearNet.of(80, 9, 17, 1)}) {
            for (LossConvention loss : LossConvention.values()) {
                double[] w = RandomNets.gaussian(net.parameterCount(), 0.3, rng);
                Objective o = new LinearChainObjective(net, problem, loss);
                o.setPoint(w);
                double[] v = RandomNets.gaussian(w.length, 1, rng);
                double[] hv = new double[w.length];
                o.hvp(v, hv);
                DMatrixRMaj h = DenseHessian.compute(net, problem, loss, w);
                double err = RandomNets.relativeError(hv, denseTimes(h, v));
                assertTrue(err <= 1e-10, "HVP vs dense Hessian: " + err + " on " + net);
                // Risk: the fused step returns the risk before the step, from the same chains.
                double[] w2 = w.clone();
                double before = o.gdStep(w2, 1e-3);
                assertEquals(o.setPoint(w), before, 1e-12 * Math.abs(before));
                // The fused step moved w by −η∇R.
                double[] g = new double[w.length];
                o.gradient(g);
                for (int i = 0; i < w.length; i++) {
                    assertEquals(w[i] - 1e-3 * g[i], w2[i], 1e-14 * (1 + Math.abs(w[i])));
                }
            }
        }
    }

    /**
     * A GD step from a point whose chains a sharpness sample has just cached (the trainer's order) does only the
     * update, and must give what the fused step gives from scratch, bit for bit: narrow and wide layers (small and
     * general kernels), one and several outputs, after power iteration and Lanczos.
     */
    @Test
    void stepFromACachedPointEqualsTheFusedStepBitForBit() {
        SplittableRandom rng = new SplittableRandom(29);
        DeepLinearNet[] nets = {DeepLinearNet.of(5, 5, 5, 5, 1), DeepLinearNet.of(20, 40, 1), DeepLinearNet.of(6, 4, 3),
                DeepLinearNet.of(30, 9, 7, 1)};
        for (DeepLinearNet net : nets) {
            Problem problem = RandomNets.problem(40, net.inputs(), net.width(net.depth()), rng);
            for (SharpnessMethod method : new SharpnessMethod[] {SharpnessMethod.POWER, SharpnessMethod.LANCZOS}) {
                double[] w0 = RandomNets.gaussian(net.parameterCount(), 0.4, rng);
                LinearChainObjective fresh = new LinearChainObjective(net, problem, LossConvention.MSE);
                LinearChainObjective sampled = new LinearChainObjective(net, problem, LossConvention.MSE);
                double[] a = w0.clone();
                double[] b = w0.clone();
                Sharpness sharpness = new Sharpness(Sharpness.Options.defaults().withMethod(method),
                        new SplittableRandom(3));
                for (int t = 0; t < 3; t++) {
                    double lossA = fresh.gdStep(a, 0.01);
                    sharpness.at(sampled.hessianAt(b));
                    double lossB = sampled.gdStep(b, 0.01);
                    String what = net + " " + method + " step " + t;
                    assertEquals(lossA, lossB, 0.0, what);
                    assertEquals(fresh.gradientNorm(), sampled.gradientNorm(), 0.0, what);
                    assertEquals(fresh.sqDistance(), sampled.sqDistance(), 0.0, what);
                    assertArrayEquals(a, b, what);
                }
            }
        }
    }

    @Test
    void restartedLanczosFindsTheDenseTopEigenvalues() {
        SplittableRandom rng = new SplittableRandom(5);
        Problem problem = RandomNets.problem(30, 6, 1, rng);
        DeepLinearNet net = DeepLinearNet.of(6, 9, 8, 1);
        double[] w = RandomNets.gaussian(net.parameterCount(), 0.6, rng);
        Objective o = new LinearChainObjective(net, problem, LossConvention.MSE);
        o.setPoint(w);
        double[] dense = DenseSpectrum.top(DenseHessian.compute(net, problem, LossConvention.MSE, w), 3)
                .eigenvalues();
        for (int basis : new int[] {5, 7, 12}) {
            SpectrumEstimate e = Lanczos.top(hessian(o, w.length), 3, 1e-10, 2000, null, new SplittableRandom(9),
                    basis);
            assertTrue(e.converged(), "basis " + basis + ": not converged after " + e.hvps() + " HVPs");
            for (int i = 0; i < 3; i++) {
                assertEquals(dense[i], e.eigenvalues()[i], 1e-8 * Math.abs(dense[0]), "basis " + basis + ", λ_" + i);
            }
            double[] hy = new double[w.length];
            o.hvp(e.topVector(), hy);
            double res = 0;
            for (int i = 0; i < w.length; i++) {
                res += Math.pow(hy[i] - e.top() * e.topVector()[i], 2);
            }
            assertTrue(Math.sqrt(res) <= 1e-8 * Math.abs(e.top()), "true residual " + Math.sqrt(res));
        }
    }

    @Test
    void stepsAndHvpsAllocateNothing() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        SplittableRandom rng = new SplittableRandom(3);
        Problem small = RandomNets.problem(50, 5, 1, rng);
        Problem wide = RandomNets.problem(50, 40, 1, rng);
        for (Object[] c : new Object[][] {{DeepLinearNet.standard(5, 5, 10, 1), small},
                {DeepLinearNet.standard(40, 100, 4, 1), wide}}) {
            DeepLinearNet net = (DeepLinearNet) c[0];
            Objective o = new LinearChainObjective(net, (Problem) c[1], LossConvention.MSE);
            double[] w = RandomNets.gaussian(net.parameterCount(), 0.2, rng);
            double[] v = RandomNets.gaussian(net.parameterCount(), 1, rng);
            double[] out = new double[v.length];
            // Steady state: the JIT compiles in the background, so on a loaded machine the first thousand measured
            // iterations may still run code that boxes vectors; measure again after more warm-up before failing.
            long id = Thread.currentThread().getId();
            List<Long> rounds = new ArrayList<>();
            long bytes = Long.MAX_VALUE;
            for (int round = 0; round < 5 && bytes >= 1000; round++) {
                for (int warm = 0; warm < 20_000; warm++) {
                    o.gdStep(w, 1e-9);
                    o.setPoint(w);
                    o.hvp(v, out);
                }
                long before = threads.getThreadAllocatedBytes(id);
                for (int t = 0; t < 1000; t++) {
                    o.gdStep(w, 1e-9);
                    o.setPoint(w);
                    o.hvp(v, out);
                }
                bytes = threads.getThreadAllocatedBytes(id) - before;
                rounds.add(bytes);
            }
            assertTrue(bytes < 1000, net + ": " + rounds + " bytes allocated by 1000 steps + HVPs in each round");
        }
    }
}
