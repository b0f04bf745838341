package org.dlnlab.bench;

import org.dlnlab.RandomStreams;
import org.dlnlab.curvature.Sharpness;
import org.dlnlab.curvature.SpectrumEstimate;
import org.dlnlab.data.Problem;
import org.dlnlab.init.Initialization;
import org.dlnlab.model.DeepLinearNet;
import org.dlnlab.objective.Objective;
import org.dlnlab.train.Trainer;
import org.dlnlab.train.UpdateRule;
import org.dlnlab.train.TrainResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Time of one checked sharpness call — Lanczos with full reorthogonalization to the default relative
 * residual tolerance ({@link Sharpness.Options#defaults()}), from a cold (random) start — at the end point of
 * GD training of a small deep network (d = 5, L = 10, hidden width 5, p = 1, N = 230).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SharpnessBenchmark {
    public static final int D = 5;
    public static final int DEPTH = 10;
    public static final int SAMPLES = 200;
    public static final double TRAIN_ETA = 0.02;
    public static final int TRAIN_STEPS = 3000;

    /** A trained network: the objective and the weights at the end of training. */
    public record Trained(Objective objective, double[] w, double loss) {
    }

    private Objective objective;
    private double[] w;

    /**
     * Trains the small network by GD from an orthogonal initialization and checks that the run converged
     * without diverging. Deterministic (fixed seeds).
     */
    public static Trained train() {
        Problem problem = Fixtures.problem(SAMPLES, D);
        DeepLinearNet net = DeepLinearNet.standard(D, D, DEPTH, 1);
        Objective objective = Fixtures.objective(net, problem);
        double[] w = Initialization.parse("orthogonal")
                .create(net, problem, RandomStreams.of(Fixtures.SEED, "init"));
        Sharpness sharpness = new Sharpness(Sharpness.Options.defaults(), RandomStreams.of(Fixtures.SEED, "train"));
        TrainResult r = Trainer.gradientDescent(TRAIN_ETA, TRAIN_STEPS, 0).run(objective, w, sharpness, s -> { });
        if (r.diverged()) {
            throw new IllegalStateException("training of the sharpness benchmark's network diverged");
        }
        return new Trained(objective, w, r.finalLoss());
    }

    /** One checked Lanczos call with a fresh estimator (cold start), as the benchmark measures it. */
    public static SpectrumEstimate sharpness(Objective objective, double[] w) {
        Sharpness s = new Sharpness(Sharpness.Options.defaults(), RandomStreams.of(Fixtures.SEED, "lanczos"));
        return s.at(objective.hessianAt(w));
    }

    @Setup(Level.Trial)
    public void setUp() {
        Trained t = train();
        objective = t.objective();
        w = t.w();
        SpectrumEstimate e = sharpness(objective, w);
        if (!e.converged() || !Double.isFinite(e.top())) {
            throw new IllegalStateException("Lanczos did not converge at the trained point: " + e.top()
                    + " after " + e.hvps() + " HVPs");
        }
    }

    /** Returns the sharpness, which keeps the whole call alive. */
    @Benchmark
    public double lanczosSharpness() {
        return sharpness(objective, w).top();
    }
}
