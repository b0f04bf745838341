package org.dlnlab.bench;

import org.dlnlab.data.Problem;
import org.dlnlab.model.DeepLinearNet;
import org.dlnlab.objective.Objective;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Time of one GD step for n = 50 and n = 50,000 samples (d = 64, L = 4, hidden 64, p = 1). The data are
 * reduced to their sufficient statistics ({@link Problem#of}) in the trial set-up, so after set-up a step
 * should cost the same whatever n is.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DataSizeBenchmark {
    public static final int D = 64;

    @Param({"50", "50000"})
    public int n;

    private Objective objective;
    private double[] start;
    private double[] w;

    /** Set-up, not measured: generating the n×d data and reducing it to Σ, W*, R_min. */
    @Setup(Level.Trial)
    public void setUp() {
        Problem problem = Fixtures.problem(n, D);
        DeepLinearNet net = Fixtures.scalingNet(D);
        objective = Fixtures.objective(net, problem);
        start = Fixtures.smallInit(net, problem);
        w = start.clone();
    }

    @Setup(Level.Iteration)
    public void resetWeights() {
        System.arraycopy(start, 0, w, 0, start.length);
    }

    @Benchmark
    public double gdStep() {
        return objective.gdStep(w, Fixtures.TINY_ETA);
    }
}
