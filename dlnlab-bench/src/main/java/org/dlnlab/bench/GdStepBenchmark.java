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
 * Time of one fused full-batch GD step {@link Objective#gdStep} versus the parameter count N ≈ L·d²
 * (L = 4, hidden width d, p = 1). The cost should grow linearly in N.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class GdStepBenchmark {
    @Param({"64", "128", "256", "512"})
    public int d;

    private Objective objective;
    private double[] start;
    private double[] w;

    @Setup(Level.Trial)
    public void setUp() {
        Problem problem = Fixtures.problem(4 * d, d);
        DeepLinearNet net = Fixtures.scalingNet(d);
        objective = Fixtures.objective(net, problem);
        start = Fixtures.smallInit(net, problem);
        w = start.clone();
    }

    /** Back to the starting weights before every iteration, so that the timed steps never drift. */
    @Setup(Level.Iteration)
    public void resetWeights() {
        System.arraycopy(start, 0, w, 0, start.length);
    }

    /** One GD step in place; the returned risk keeps the work alive. */
    @Benchmark
    public double gdStep() {
        return objective.gdStep(w, Fixtures.TINY_ETA);
    }
}
