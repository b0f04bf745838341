package org.dlnlab.experiments.papers.gidel;

import org.dlnlab.RandomStreams;
import org.dlnlab.curvature.Sharpness;
import org.dlnlab.data.DataSources;
import org.dlnlab.data.Problem;
import org.dlnlab.data.Standardization;
import org.dlnlab.experiments.spec.RunConfig;
import org.dlnlab.init.Initialization;
import org.dlnlab.model.DeepLinearNet;
import org.dlnlab.objective.LinearChainObjective;
import org.dlnlab.objective.LossConvention;
import org.dlnlab.theory.Modes;
import org.dlnlab.theory.TwoLayerModes;
import org.dlnlab.train.TrainResult;
import org.dlnlab.train.Trainer;
import org.dlnlab.train.UpdateRule;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.SingularOps_DDRM;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One GD run of the Gidel families: the network d → d → … → p from the run's init, half-mse (the paper's
 * convention), the modes measured at every step for the switch-ons and the closest approaches, and sampled every K
 * steps for the trajectory rows.
 */
final class GidelRun {
    /** Every loss, step and prediction of the Gidel families is in the paper's half-mse convention. */
    static final LossConvention LOSS = LossConvention.HALF_MSE;
    /** The modes tracked per row. */
    static final int MODES = 3;
    /** Data sets the families read, loaded once (keyed by spec and whether z-scored). */
    private static final Map<String, Problem> PROBLEMS = new ConcurrentHashMap<>();

    private GidelRun() {
    }

    /** The statistics of a data spec, z-scored (inputs scaled, targets centered) when it ends in "#zscore". */
    static Problem problem(String data) {
        return PROBLEMS.computeIfAbsent(data, k -> {
            boolean z = k.endsWith(ZSCORE);
            String spec = z ? k.substring(0, k.length() - ZSCORE.length()) : k;
            var set = DataSources.load(spec, List.of());
            return Problem.of(z ? Standardization.ZSCORE.apply(set) : set);
        });
    }

    static final String ZSCORE = "#zscore";

    /** The network of a run: hidden widths d, output p. */
    static DeepLinearNet net(Problem p, int depth) {
        int[] widths = new int[depth + 1];
        Arrays.fill(widths, p.d());
        widths[depth] = p.p();
        return DeepLinearNet.of(widths);
    }

    /** What a run measured. */
    record Result(Modes modes, double delta, double[] initial, int[] switchOn, double[] closestPlateau,
                  double[] closestRrr, List<ModeSample> samples) {
    }

    /**
     * @param sampleEvery K for the trajectory rows (0: none)
     */
    static Result run(RunConfig r, long seed, int sampleEvery) {
        Problem problem = problem(r.data());
        Modes modes = Modes.of(problem);
        int m = modes.count();
        DeepLinearNet net = net(problem, r.depth());
        double[] w = Initialization.parse(r.initSpec()).create(net, problem, RandomStreams.of(seed, r.key() + "/init"));
        double[] e0 = Modes.endToEnd(net, w);
        double delta = r.init().equals("spectral") ? r.scale() : modes.effectiveDelta(e0);
        int[] switchOn = new int[m];
        Arrays.fill(switchOn, -1);
        double[] closestPlateau = new double[m];
        double[] closestRrr = new double[m];
        Arrays.fill(closestPlateau, Double.POSITIVE_INFINITY);
        Arrays.fill(closestRrr, Double.POSITIVE_INFINITY);
        double[][] plateaus = new double[m][];
        for (int i = 0; i < m; i++) {
            plateaus[i] = modes.plateau(i + 1);
        }
        List<ModeSample> samples = new ArrayList<>();
        LinearChainObjective objective = new LinearChainObjective(net, problem, LOSS);
        TrainResult res = new Trainer(UpdateRule.gradientDescent(r.learningRate()), r.steps(), 0, 1).run(objective, w,
                new Sharpness(Sharpness.Options.defaults(), RandomStreams.of(seed, r.key() + "/sharpness")), s -> {
                    double[] e = Modes.endToEnd(net, s.weights());
                    double[] str = modes.strengths(e);
                    for (int i = 0; i < m; i++) {
                        if (switchOn[i] < 0 && str[i] >= modes.threshold(i)) {
                            switchOn[i] = s.step();
                        }
                        closestPlateau[i] = Math.min(closestPlateau[i], Modes.distance(e, plateaus[i]));
                        closestRrr[i] = Math.min(closestRrr[i], modes.distanceToReducedRank(e, i + 1));
                    }
                    if (sampleEvery > 0 && (s.step() % sampleEvery == 0 || s.step() == r.steps())) {
                        samples.add(sample(r, seed, s.step(), s.time(), s.loss(), e, str, modes, problem));
                    }
                });
        if (res.interrupted()) {
            throw new CancellationException("run " + r.key() + " interrupted");
        }
        if (res.diverged()) {
            throw new IllegalStateException("run " + r.key() + " diverged at step " + res.divergedAtStep()
                    + "; the Gidel settings keep η below 1/σ_1");
        }
        return new Result(modes, delta, modes.strengths(e0), switchOn, closestPlateau, closestRrr, samples);
    }

    private static ModeSample sample(RunConfig r, long seed, int step, double time, double loss, double[] e,
                                     double[] str, Modes modes, Problem problem) {
        double[] sv = SingularOps_DDRM.singularValues(new DMatrixRMaj(problem.d(), problem.p(), true, e.clone()));
        double trace = 0;
        double fro = 0;
        for (double s : sv) {
            trace += s;
            fro += s * s;
        }
        double[] wi = new double[MODES];
        double[] dist = new double[MODES];
        for (int i = 0; i < MODES; i++) {
            wi[i] = i < str.length ? str[i] : Double.NaN;
            dist[i] = i < modes.count() ? modes.distanceToReducedRank(e, i + 1) : Double.NaN;
        }
        return new ModeSample(r.figure(), r.key(), seed, r.data(), r.depth(), r.init(), r.scale(), r.learningRate(),
                step, time, loss, wi[0], wi[1], wi[2], modes.offDiagonalMass(e), trace, fro, dist[0], dist[1], dist[2]);
    }

    /** One SwitchOn row per mode of a run. */
    static List<SwitchOn> switchOns(RunConfig r, long seed, Result res) {
        double[] sigma = res.modes().sigma();
        double[] lambda = res.modes().lambda();
        List<SwitchOn> rows = new ArrayList<>();
        for (int i = 0; i < sigma.length; i++) {
            int predicted = TwoLayerModes.switchOnStep(r.depth(), sigma[i], lambda[i], r.learningRate(),
                    Math.exp(-res.delta()), 100_000_000);
            rows.add(new SwitchOn(r.figure(), r.key(), seed, r.data(), r.depth(), r.init(), r.scale(),
                    r.learningRate(), res.delta(), res.modes().commutatorNorm(), i + 1, sigma[i], lambda[i],
                    res.switchOn()[i] < 0 ? null : res.switchOn()[i], predicted < 0 ? Double.NaN : predicted,
                    TwoLayerModes.switchOnGd(sigma[i], r.learningRate()), TwoLayerModes.switchOnFlow(sigma[i]),
                    res.closestPlateau()[i], res.closestRrr()[i]));
        }
        return rows;
    }

    /** The step count that lets the slowest mode switch on, with a margin: the recurrence's step × 1.3 + 20. */
    static int stepsFor(String data, int depth, double delta, double eta) {
        Modes modes = Modes.of(problem(data));
        int last = modes.count() - 1;
        int k = TwoLayerModes.switchOnStep(depth, modes.sigma()[last], modes.lambda()[last], eta, Math.exp(-delta),
                100_000_000);
        return (int) Math.ceil(1.3 * k) + 20;
    }
}
