package org.dlnlab.experiments.exec;

import org.dlnlab.RandomStreams;
import org.dlnlab.curvature.Sharpness;
import org.dlnlab.curvature.SharpnessMethod;
import org.dlnlab.curvature.SpectrumEstimate;
import org.dlnlab.data.DataSources;
import org.dlnlab.data.Dataset;
import org.dlnlab.data.Problem;
import org.dlnlab.data.ProjectionFile;
import org.dlnlab.experiments.analysis.CriticalRate;
import org.dlnlab.experiments.spec.RunConfig;
import org.dlnlab.experiments.store.SweepRow;
import org.dlnlab.experiments.store.TrajectoryRow;
import org.dlnlab.init.Initialization;
import org.dlnlab.model.Activation;
import org.dlnlab.model.DeepLinearNet;
import org.dlnlab.objective.LossConvention;
import org.dlnlab.objective.LinearChainObjective;
import org.dlnlab.objective.Objective;
import org.dlnlab.theory.Bounds;
import org.dlnlab.train.Trainer;
import org.dlnlab.train.UpdateRule;
import org.dlnlab.train.StepRecord;
import org.dlnlab.train.TrainResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Executes single runs. Each run builds its own network, objective and estimators (none is shared between
 * threads); the data statistics, projections and bounds are read-only and cached. Random streams derive
 * from (seed, run key + purpose): {@code /init} for the weights, {@code /sharpness-init} and
 * {@code /power-init} at the start, {@code /sharpness} (Lanczos, also the trajectory's samples) and
 * {@code /power} at the end, {@code /sgd} for the epochs' permutations of an SGD run.
 */
public final class Runner {
    /** Every loss and sharpness of the reproduction is in the paper's convention. */
    public static final LossConvention LOSS = LossConvention.MSE;

    private static final Sharpness.Options LANCZOS = Sharpness.Options.defaults();
    private static final Sharpness.Options POWER = Sharpness.Options.defaults().withMethod(SharpnessMethod.POWER);

    private final long seed;
    private final Map<String, Problem> problems = new ConcurrentHashMap<>();
    private final Map<String, Dataset> datasets = new ConcurrentHashMap<>();
    private final Map<String, double[]> projections = new ConcurrentHashMap<>();
    private final Map<String, Bounds> bounds = new ConcurrentHashMap<>();
    private final LongAdder trainNanos = new LongAdder();
    private final LongAdder gdSteps = new LongAdder();

    public Runner(long seed) {
        this.seed = seed;
    }

    public long seed() {
        return seed;
    }

    /** A data set as read (what a network with an activation trains on), loaded once. */
    private Dataset dataset(String data) {
        return datasets.computeIfAbsent(data, k -> DataSources.load(k, List.of()));
    }

    /** The statistics of a data set, loaded once. */
    public Problem problem(String data) {
        Problem p = problems.get(data);
        if (p == null) {
            p = Problem.of(DataSources.load(data, List.of()));
            Problem prev = problems.putIfAbsent(data, p);
            return prev != null ? prev : p;
        }
        return p;
    }

    /** Marion &amp; Chizat's constants of a data set at a depth, mse convention. */
    public Bounds bounds(String data, int depth) {
        return bounds.computeIfAbsent(data + "#" + depth, k -> Bounds.of(problem(data), depth, LOSS));
    }

    private double[] projection(String spec, int d) {
        return projections.computeIfAbsent(spec + "#" + d, k -> ProjectionFile.load(spec, d));
    }

    /** Loads everything the runs read, on the calling thread, before they start. */
    public void prepare(List<RunConfig> runs) {
        for (RunConfig r : runs) {
            Problem p = problem(r.data());
            if (r.testData() != null) {
                problem(r.testData());
            }
            if (r.projection() != null) {
                projection(r.projection(), p.d());
            }
            bounds(r.data(), r.depth());
            if (r.onSamples()) {
                dataset(r.data());
            }
        }
    }

    public double cost(RunConfig r) {
        return r.cost(problem(r.data()).d());
    }

    /** What the run cost had it stopped after stepsDone steps. */
    public double spent(RunConfig r, int stepsDone) {
        return r.spent(problem(r.data()).d(), stepsDone);
    }

    /** Nanoseconds spent in gradient descent so far, summed over threads. */
    public long trainNanos() {
        return trainNanos.sum();
    }

    /** GD steps taken so far. */
    public long gdSteps() {
        return gdSteps.sum();
    }

    private DeepLinearNet net(RunConfig r, int d) {
        return r.projection() != null ? DeepLinearNet.residual(d, r.depth(), projection(r.projection(), d))
                : DeepLinearNet.standard(d, r.width(), r.depth(), 1);
    }

    private static int hiddenWidth(RunConfig r, int d) {
        return r.projection() != null ? d : r.width();
    }

    /** One sweep run: sharpness at the start, GD, then Lanczos and power iteration at the final weights. */
    public SweepRow sweep(RunConfig r) {
        Problem train = problem(r.data());
        int d = train.d();
        DeepLinearNet net = net(r, d);
        double[] w = Initialization.parse(r.initSpec()).create(net, train, RandomStreams.of(seed, r.key() + "/init"));
        Objective objective = Objective.of(net, Activation.parse(r.activation()), train, dataset(r.data()), LOSS);
        double initLoss = objective.setPoint(w);
        double initSq = objective.sqDistance();
        SpectrumEstimate s0 = new Sharpness(LANCZOS, RandomStreams.of(seed, r.key() + "/sharpness-init"))
                .at(objective.hessianAt(w));
        SpectrumEstimate p0 = new Sharpness(POWER, RandomStreams.of(seed, r.key() + "/power-init")).at(objective.hessianAt(w));

        Sharpness lanczos = new Sharpness(LANCZOS, RandomStreams.of(seed, r.key() + "/sharpness"));
        long t0 = System.nanoTime();
        UpdateRule rule = r.batchSize() > 0
                ? UpdateRule.sgd(r.learningRate(), r.batchSize(), dataset(r.data()), seed, r.key() + "/sgd")
                : UpdateRule.gradientDescent(r.learningRate());
        TrainResult res = new Trainer(rule, r.steps(), 0, 0).run(objective, w, lanczos, rec -> { });
        trainNanos.add(System.nanoTime() - t0);
        gdSteps.add(res.stepsDone());
        if (res.interrupted()) {
            throw new CancellationException("run " + r.key() + " interrupted");
        }
        double finalPower = Double.NaN;
        double finalPowerResidual = Double.NaN;
        double relDiff = Double.NaN;
        double testLoss = Double.NaN;
        double gap = Double.NaN;
        SpectrumEstimate s1 = res.finalSharpness();
        if (!res.diverged()) {
            SpectrumEstimate p1 = new Sharpness(POWER, RandomStreams.of(seed, r.key() + "/power"))
                    .at(objective.hessianAt(res.weights()));
            finalPower = p1.top();
            finalPowerResidual = p1.topResidual();
            relDiff = Math.abs(finalPower - s1.top()) / Math.abs(s1.top());
            if (r.testData() != null) {
                // R_test(E) from the test set's own statistics; the gap is R_test − R_train.
                testLoss = new LinearChainObjective(net, problem(r.testData()), LOSS).setPoint(res.weights());
                gap = testLoss - res.finalLoss();
            }
        }
        boolean div = res.diverged();
        Integer divergedAt = res.divergedAtStep() >= 0 ? res.divergedAtStep() : null;
        return new SweepRow(r.figure(), r.key(), seed, r.data(), r.testData(), r.depth(), hiddenWidth(r, d),
                r.projection(), r.init(), r.scale(), r.learningRate(), r.steps(), r.rep(), div,
                divergedAt, res.stepsDone(), r.activation().equals("linear")
                ? CriticalRate.converged(div, res.finalSqDistance())
                : CriticalRate.convergedByLoss(div, res.finalLoss(), objective.zeroPredictorRisk()),
                initLoss, initSq, s0.top(), s0.topResidual(), s0.hvps(), p0.top(),
                res.finalLoss(), res.finalSqDistance(), res.finalGradNorm(),
                div ? Double.NaN : s1.top(), div ? Double.NaN : s1.topResidual(), div ? null : s1.hvps(),
                div ? null : s1.converged(), finalPower, finalPowerResidual, relDiff, testLoss, gap);
    }

    /** One trajectory: every step's loss and distance, a Lanczos sharpness sample every K steps. */
    public List<TrajectoryRow> trajectory(RunConfig r) {
        Problem train = problem(r.data());
        int d = train.d();
        DeepLinearNet net = net(r, d);
        double[] w = Initialization.parse(r.initSpec()).create(net, train, RandomStreams.of(seed, r.key() + "/init"));
        Objective objective = new LinearChainObjective(net, train, LOSS);
        Sharpness lanczos = new Sharpness(LANCZOS, RandomStreams.of(seed, r.key() + "/sharpness"));
        List<TrajectoryRow> rows = new ArrayList<>(r.steps() + 1);
        long t0 = System.nanoTime();
        TrainResult res = Trainer.gradientDescent(r.learningRate(), r.steps(), r.sharpnessEvery()).run(objective, w,
                lanczos, (StepRecord s) -> rows.add(new TrajectoryRow(r.figure(), r.key(), seed, r.init(), r.scale(),
                        r.learningRate(), s.step(), s.loss(), s.sqDistance(), s.gradNorm(),
                        s.sharpness() == null ? Double.NaN : s.sharpness().top(),
                        s.sharpness() == null ? Double.NaN : s.sharpness().topResidual())));
        trainNanos.add(System.nanoTime() - t0);
        gdSteps.add(res.stepsDone());
        if (res.interrupted()) {
            throw new CancellationException("run " + r.key() + " interrupted");
        }
        return rows;
    }
}
