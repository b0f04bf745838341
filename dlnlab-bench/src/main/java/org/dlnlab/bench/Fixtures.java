package org.dlnlab.bench;

import org.dlnlab.RandomStreams;
import org.dlnlab.data.DataSources;
import org.dlnlab.data.Problem;
import org.dlnlab.data.SyntheticData;
import org.dlnlab.init.Initialization;
import org.dlnlab.model.DeepLinearNet;
import org.dlnlab.objective.LossConvention;
import org.dlnlab.objective.LinearChainObjective;

import java.util.List;

/**
 * The problems, networks and starting points shared by the benchmarks and the bench engine ({@link BenchMain}).
 * Everything here is set-up: it runs in {@code @Setup} methods, never inside a measured method.
 */
public final class Fixtures {
    /** Depth of the scaling benchmarks (N = d·h + (L − 2)·h² + h·p ≈ L·d² with h = d, p = 1). */
    public static final int SCALING_DEPTH = 4;
    public static final double CONDITION_NUMBER = 10.0;
    public static final double NOISE_STD = 0.1;
    public static final long SEED = 20240613L;
    /**
     * GD learning rate of the timing benchmarks: tiny, so that the weights barely move during an iteration
     * (they are also reset before every iteration); the step costs the same whatever η is.
     */
    public static final double TINY_ETA = 1e-6;

    private Fixtures() {
    }

    /** Sufficient statistics of a Gaussian problem with n samples in d dimensions (one target). */
    public static Problem problem(int n, int d) {
        return Problem.of(SyntheticData.gaussian(n, d, CONDITION_NUMBER, NOISE_STD, SEED));
    }

    /** The paper's data (the built-in mc_fig1: n = 50, d = 5, one target). */
    public static Problem paperProblem() {
        return Problem.of(DataSources.load("builtin:mc_fig1", List.of()));
    }

    /** The paper's network: d = 5 → 5 → … → 1, depth 10. */
    public static DeepLinearNet paperNet() {
        return DeepLinearNet.standard(5, 5, 10, 1);
    }

    /** The scaling benchmarks' network: depth 4, hidden width d, one output. */
    public static DeepLinearNet scalingNet(int d) {
        return DeepLinearNet.standard(d, d, SCALING_DEPTH, 1);
    }

    /**
     * Small-scale Gaussian weights with s = 1/√d, so that every layer keeps the chain vectors at about unit
     * size for every d (no overflow, no subnormal numbers that would distort the timings).
     */
    public static double[] smallInit(DeepLinearNet net, Problem problem) {
        double scale = 1.0 / Math.sqrt(net.inputs());
        return Initialization.parse("small:" + scale).create(net, problem, RandomStreams.of(SEED, "init"));
    }

    public static LinearChainObjective objective(DeepLinearNet net, Problem problem) {
        return new LinearChainObjective(net, problem, LossConvention.MSE);
    }

    /** A unit-norm Gaussian direction of length n for HVPs. */
    public static double[] direction(int n) {
        return direction(n, SEED);
    }

    /** A unit-norm Gaussian direction of length n from the "direction" stream of the given seed. */
    public static double[] direction(int n, long seed) {
        var rng = RandomStreams.of(seed, "direction");
        double[] v = new double[n];
        double sq = 0;
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextGaussian();
            sq += v[i] * v[i];
        }
        double inv = 1.0 / Math.sqrt(sq);
        for (int i = 0; i < n; i++) {
            v[i] *= inv;
        }
        return v;
    }
}
