package org.dlnlab.kernels;

import org.dlnlab.curvature.Lanczos;
import org.dlnlab.curvature.SpectrumEstimate;
import org.dlnlab.curvature.SymmetricOperator;
import org.dlnlab.data.Problem;
import org.dlnlab.model.DeepLinearNet;
import org.dlnlab.objective.LossConvention;
import org.dlnlab.objective.LinearChainObjective;
import org.dlnlab.objective.Objective;
import org.dlnlab.testing.RandomNets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Passes over layers large enough to be split into blocks give bitwise the same results with 1 and 2 threads:
 * the blocks depend on the problem size only, and partial sums are combined in block order.
 */
class ParallelPassesTest {
    private final int before = Parallel.threads();

    @AfterEach
    void restore() {
        Parallel.setThreads(before);
    }

    private record Run(double[] w, double[] hv, double[] grad, double risk, double gradNorm, double sharpness,
                       int hvps) {
    }

    private static Run run(int threads, DeepLinearNet net, Problem problem, double[] w0, double[] v) {
        Parallel.setThreads(threads);
        Objective o = new LinearChainObjective(net, problem, LossConvention.MSE);
        double[] w = w0.clone();
        double risk = 0;
        for (int t = 0; t < 3; t++) {
            risk = o.gdStep(w, 1e-3);
        }
        double gradNorm = o.gradientNorm();
        o.setPoint(w);
        double[] hv = new double[w.length];
        o.hvp(v, hv);
        double[] grad = new double[w.length];
        o.gradient(grad);
        SymmetricOperator h = new SymmetricOperator() {
            @Override
            public int dimension() {
                return w.length;
            }

            @Override
            public void apply(double[] x, double[] out) {
                o.hvp(x, out);
            }
        };
        SpectrumEstimate e = Lanczos.top(h, 1, 1e-10, 6, v, new SplittableRandom(3), 4);
        return new Run(w, hv, grad, risk, gradNorm, e.top(), e.hvps());
    }

    @Test
    void oneAndTwoThreadsGiveIdenticalBits() {
        SplittableRandom rng = new SplittableRandom(42);
        int d = 24;
        Problem problem = RandomNets.problem(40, d, 1, rng);
        // Hidden layers of 1100 × 1000 entries (above PARALLEL_MIN_ENTRIES) and N > Lanczos.LARGE (blocked sweeps).
        DeepLinearNet net = DeepLinearNet.of(d, 1000, 1100, 1000, 1);
        assertTrue(net.parameterCount() > 1 << 21);
        double[] w0 = RandomNets.gaussian(net.parameterCount(), 0.03, rng);
        double[] v = RandomNets.gaussian(net.parameterCount(), 1, rng);
        Run one = run(1, net, problem, w0, v);
        long byWorkers = Parallel.workerBlocks();
        Run two = run(2, net, problem, w0, v);
        assertTrue(Parallel.workerBlocks() > byWorkers, "the second thread ran no block");
        assertArrayEquals(one.w(), two.w(), "weights after GD steps");
        assertArrayEquals(one.hv(), two.hv(), "HVP");
        assertArrayEquals(one.grad(), two.grad(), "gradient");
        assertEquals(one.risk(), two.risk());
        assertEquals(one.gradNorm(), two.gradNorm());
        assertEquals(one.sharpness(), two.sharpness());
        assertEquals(one.hvps(), two.hvps());
    }
}
