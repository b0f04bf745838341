package org.dlnlab.cli;

import org.dlnlab.Json;
import org.dlnlab.InvalidInputException;
import org.dlnlab.RandomStreams;
import org.dlnlab.curvature.Sharpness;
import org.dlnlab.curvature.SharpnessMethod;
import org.dlnlab.data.Dataset;
import org.dlnlab.data.Problem;
import org.dlnlab.init.WeightsFile;
import org.dlnlab.kernels.ExpectedWork;
import org.dlnlab.objective.Objective;
import org.dlnlab.experiments.exec.StatusLine;
import org.dlnlab.train.FlowResult;
import org.dlnlab.train.StopRule;
import org.dlnlab.train.Trainer;
import org.dlnlab.train.UpdateRule;
import org.dlnlab.train.GradientFlow;
import org.dlnlab.train.TrainResult;
import org.dlnlab.theory.Bounds;
import org.dlnlab.theory.SmallInitCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a deep linear network by gradient descent or gradient flow; writes trajectory.csv and"
                + " final_weights.json (or .npz, .safetensors) to --out. Ctrl-C stops the run and keeps the trajectory so far.")
final class TrainCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    NetworkOptions network;

    @Mixin
    SharpnessOptions sharpness;

    @Option(names = "--optimizer", defaultValue = "gd",
            description = "gd (full-batch gradient descent, needs --lr and --steps), momentum (heavy-ball momentum,"
                    + " needs --lr, --steps and --momentum), sgd (mini-batch stochastic gradient descent, needs --lr,"
                    + " --steps and --batch-size), flow (gradient flow, the vanishing-step limit, integrated by"
                    + " Dormand–Prince 8(5,3); needs --time) or central-flow (the central flow of GD with step η, the"
                    + " edge of stability as an ODE; needs --lr and --steps).")
    String optimizer;

    @Option(names = "--batch-size", paramLabel = "B",
            description = "Samples per mini-batch of sgd, 1..n: each epoch a fresh seeded permutation cut into"
                    + " batches of B in order (the last one smaller when B does not divide n), each batch's loss the"
                    + " mean over its samples; B = n is GD. Required for sgd, no default.")
    Integer batchSize;

    @Option(names = "--lr", paramLabel = "η", description = "Learning rate η > 0 (gd, momentum; required, no default).")
    Double lr;

    @Option(names = "--steps", paramLabel = "N", description = "Number of steps (gd, momentum; required, no default).")
    Integer steps;

    @Option(names = "--momentum", paramLabel = "β",
            description = "Momentum β in [0, 1) (momentum; torch.optim.SGD's convention: v ← βv − η∇R, W ← W + v,"
                    + " v₀ = 0). Its stability limit is 2(1 + β)/η instead of GD's 2/η. Required for momentum, no"
                    + " default.")
    Double momentum;

    @Option(names = "--time", paramLabel = "T", description = "Final time of the gradient flow (flow; required, no default).")
    Double time;

    @Option(names = "--sample-every", paramLabel = "Δt",
            description = "Time between the flow's trajectory rows (default: T/1000).")
    Double sampleEvery;

    @Option(names = "--atol", defaultValue = "1e-12",
            description = "Absolute tolerance of the flow integrator (default: ${DEFAULT-VALUE}).")
    double atol;

    @Option(names = "--rtol", defaultValue = "1e-12",
            description = "Relative tolerance of the flow integrator (default: ${DEFAULT-VALUE}).")
    double rtol;

    @Option(names = "--grad-tol", defaultValue = "0",
            description = "Stop once ‖∇R‖ falls below this: short for --stop-when 'grad_norm<G' (default: 0, no"
                    + " stop).")
    double gradTol;

    @Option(names = "--stop-when", paramLabel = "QUANTITY<T[,…]",
            description = "End the run once loss, sq_distance or grad_norm falls below T, for every optimizer, e.g."
                    + " 'sq_distance<1e-12' (several separated by commas: any of them). The JSON's stop_reason is"
                    + " then stop_rule. Default: none, every step is taken.")
    String stopWhen;

    @Option(names = "--track", paramLabel = "sharpness:K,structure:K,test:K,modes:K", split = ",",
            description = "Quantities sampled along the run: sharpness:K samples the sharpness every K steps;"
                    + " structure:K the per-layer rank-one defects, misalignments, balancedness and the PL ratio"
                    + " ‖∇R‖²/(R − R_min) every K steps (flow: every K samples); test:K the risk on --test-data;"
                    + " modes:K the strength of every mode of Σ_xy, their off-diagonal mass and the distances to"
                    + " reduced-rank regression every K steps, with switch-on steps and predictions in the JSON."
                    + " Default: nothing tracked.")
    List<String> track;

    @Option(names = "--log-every", paramLabel = "K", defaultValue = "1",
            description = "Write a trajectory row every K steps (flow: every K samples), plus the rows that carry a"
                    + " --track sample and the last one (default: ${DEFAULT-VALUE}, every step).")
    int logEvery;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "dlnlab-out",
            description = "Output folder (default: ./${DEFAULT-VALUE}).")
    String out;

    @Option(names = "--test-data", paramLabel = "FILE|builtin:NAME",
            description = "A test set with the training data's columns, standardized with the training set's"
                    + " statistics: the JSON reports its risk and the generalization gap (test − train risk) at the"
                    + " end, and --track test:K writes its risk along the run. Default: none.")
    String testData;

    @Option(names = "--weights-format", paramLabel = "json|npz|safetensors", defaultValue = "json",
            description = "Format of final_weights.<ext>: json, npz (NumPy, W1..WL) or safetensors (0.weight,"
                    + " 1.weight, … as PyTorch's nn.Sequential names them), all float64 (default: ${DEFAULT-VALUE}).")
    String weightsFormat;

    @Option(names = "--force", description = "Write into a non-empty --out folder.")
    boolean force;

    @Option(names = "--progress", description = "Show progress on stderr also with --json or when stderr is not a"
            + " terminal (default: only on a terminal, without --json).")
    boolean progress;

    @Option(names = "--check-theory", description = "Check the small-init corollary on the final weights (see check).")
    boolean checkTheory;

    @Mixin
    CheckOptions checkOptions;

    @Mixin
    CentralFlowOptions centralFlow;

    @Option(names = "--run-key", paramLabel = "KEY",
            description = "Draw every random number from (--seed, KEY) instead of --seed alone: the run of a sweep"
                    + " whose key is KEY, redone bit for bit (a sweep's runs.csv names the command). Default: none.")
    String runKey;

    /** Set by a sweep: check the options and build the start, then return before writing anything. */
    boolean dryRun;
    /**
     * Whether this is the one run of its JVM, so that a short run may skip the Vector API's JIT warm-up (same
     * numbers); a sweep, which runs many runs in one JVM, clears it.
     */
    boolean alone = true;
    /** The JSON object of the finished run (what --json prints), for a sweep that runs train in-process. */
    ObjectNode result;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** The JSON's modes object of --track modes:K, once the run has ended. */
    private ObjectNode modesReport;

    @Override
    public Integer call() {
        if (optimizer.equals("central-flow")) {
            return new CentralFlowTrain(this).call();
        }
        boolean flow = switch (optimizer) {
            case "gd", "momentum", "sgd" -> false;
            case "flow" -> true;
            default -> throw new InvalidInputException("--optimizer: unknown optimizer \"" + optimizer
                    + "\"; expected gd, momentum, sgd, flow or central-flow");
        };
        if (momentum != null && !optimizer.equals("momentum")) {
            throw new InvalidInputException("--momentum: only with --optimizer momentum");
        }
        if (batchSize != null && !optimizer.equals("sgd")) {
            throw new InvalidInputException("--batch-size: only with --optimizer sgd");
        }
        if (optimizer.equals("sgd") && batchSize == null) {
            throw new InvalidInputException("--batch-size: required for sgd, a number of samples 1..n");
        }
        List<StopRule> stops = stops();
        UpdateRule rule = null;
        if (flow) {
            positive("--time", time, "the final time T of the flow");
            if (sampleEvery != null) {
                positive("--sample-every", sampleEvery, "a time step");
            }
            positive("--atol", atol, "a tolerance");
            positive("--rtol", rtol, "a tolerance");
        } else {
            requireRateAndSteps();
            if (optimizer.equals("momentum")) {
                if (momentum == null) {
                    throw new InvalidInputException("--momentum: required for momentum, a number β with 0 ≤ β < 1");
                }
                try {
                    rule = UpdateRule.momentum(lr, momentum);
                } catch (IllegalArgumentException e) {
                    // The rule knows its range; the message only needs the option's name.
                    throw new InvalidInputException("--momentum: " + e.getMessage());
                }
            } else if (optimizer.equals("gd")) {
                rule = UpdateRule.gradientDescent(lr);
            }
        }
        WeightsFile.Format format = WeightsFile.Format.parse(weightsFormat);
        int[] tracked = tracked();
        int every = tracked[0];
        int structureEvery = tracked[1];
        int testEvery = tracked[2];
        int modesEvery = tracked[3];
        if (testEvery > 0 && testData == null) {
            throw new InvalidInputException("--track test:" + testEvery + ": needs --test-data");
        }
        SmallInitCheck checker = checkTheory ? checkOptions.check() : null;
        Sharpness.Options opts = sharpness.options();
        Dataset data = common.dataset();
        Problem problem = Problem.of(data);
        NetworkOptions.Start start = network.start(problem, common.seed, streamPrefix());
        if (optimizer.equals("sgd")) {
            rule = MiniBatchOption.sgd(lr, batchSize, data, common.seed, streamPrefix());
        }
        if (!start.linear()) {
            NonlinearNet.refuseLinearTheory(start.activation(), checkTheory, structureEvery, stops);
        }
        if (dryRun) {
            return 0;
        }
        if (alone && !flow && start.linear() && !optimizer.equals("sgd")) {
            // The estimate is for the linear chains' cost per parameter; a net on its samples does n times the work
            // per step and wins its Vector API warm-up back within a few thousand steps, so it keeps the default.
            // Products per sample: the power iteration's fixed count, or what checked Lanczos typically needs (6–9).
            int products = opts.method() == SharpnessMethod.POWER ? opts.powerIters() : 10;
            ExpectedWork.oneRun(start.weights().length, steps, every > 0 ? (double) products / every : 0);
        }
        Folder folder = claimFolder(start);
        Path dir = folder.dir();
        ObjectNode record = folder.record();
        if (testData != null) {
            ((ObjectNode) record.get("settings")).put("test_data_sha256", org.dlnlab.data.DataSources.sha256(testData));
        }
        Objective objective = Objective.of(start.net(), start.activation(), problem, data, common.lossConvention());
        Dataset testSet = testData == null ? null : common.testSet(testData);
        Problem testProblem = testSet == null ? null : Problem.of(testSet);
        Sharpness estimator = new Sharpness(opts, RandomStreams.of(common.seed, streamPrefix() + "sharpness"));
        double[] w = start.weights();

        SigintGuard guard = SigintGuard.install();
        try {
            long t0 = System.nanoTime();
            TrainResult r;
            FlowResult flowResult = null;
            Path trajectory = dir.resolve("trajectory.csv");
            // The writer thread evaluates the test risk on an objective of its own (objectives are not thread-safe).
            ModeTracker modeTracker = modesEvery > 0 ? new ModeTracker(problem, start.net(), modesEvery) : null;
            Objective testOnWriter = testEvery > 0
                    ? Objective.of(start.net(), start.activation(), testProblem, testSet, common.lossConvention())
                    : null;
            boolean terminal = System.console() != null;
            double sampleInterval = flow ? (sampleEvery != null ? sampleEvery : time / 1000) : 0;
            try (TrajectoryWriter writer = new TrajectoryWriter(trajectory, every > 0,
                    structureEvery > 0 ? start.net() : null, structureEvery,
                    common.lossConvention().factor() * problem.rMin(), testOnWriter, testEvery, logEvery,
                    modeTracker);
                 TrainProgress shown = progress || (terminal && !common.json) ? new TrainProgress(new StatusLine(
                         spec.commandLine().getErr(), terminal), flow ? (int) Math.ceil(time / sampleInterval) : steps,
                         flow ? "sample" : "step") : null) {
                java.util.function.Consumer<org.dlnlab.train.StepRecord> observer = shown == null ? writer
                        : writer.andThen(shown);
                if (flow) {
                    flowResult = GradientFlow.of(time, sampleInterval).withSharpnessEvery(every).withStops(stops)
                            .withTolerances(atol, rtol).run(objective, w, estimator, observer);
                    r = flowResult.result();
                } else {
                    r = new Trainer(rule, steps, every, weightsEvery(structureEvery, testEvery, modesEvery), stops).run(objective, w,
                            estimator, observer);
                }
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            if (modeTracker != null) {
                // GD's per-mode predictions do not hold for momentum; the flow's are reported for every optimizer.
                modesReport = modeTracker.json(problem, start.init(), common.lossConvention(),
                        optimizer.equals("gd") ? lr : null);
            }
            Path finalWeights = dir.resolve("final_weights." + format.extension());
            if (r.weights() != null) {
                WeightsFile.write(finalWeights, format, start.net(), r.weights(), Provenance.forWeights(record));
            }
            if (r.interrupted()) {
                spec.commandLine().getErr().println("dlnlab: interrupted at step " + r.stepsDone() + "; the trajectory so"
                        + " far is in " + trajectory + (r.weights() != null ? " and the weights in "
                        + finalWeights : ""));
            }
            List<SmallInitCheck.Claim> claims = checker == null || r.weights() == null ? null
                    : checker.check(start.net(), r.weights(), Bounds.of(problem, start.net().depth(),
                    common.lossConvention()), r.finalSharpness().top(), r.finalSqDistance());
            double testRisk = testProblem == null || r.weights() == null ? Double.NaN
                    : Objective.of(start.net(), start.activation(), testProblem, testSet, common.lossConvention())
                    .setPoint(r.weights());
            report(r, flowResult, rule, claims, wall, opts, start, record, testRisk);
            spec.commandLine().getOut().flush();
        } finally {
            guard.release();
        }
        return 0;
    }

    /** The stop rules of --stop-when and --grad-tol (any of them ends the run), after checking --log-every. */
    List<StopRule> stops() {
        if (!(gradTol >= 0) || !Double.isFinite(gradTol)) {
            throw new InvalidInputException("--grad-tol: must be a finite number ≥ 0, got " + gradTol);
        }
        List<StopRule> stops = new java.util.ArrayList<>(stopWhen == null ? List.of() : StopRule.parse(stopWhen));
        if (gradTol > 0) {
            stops.add(new StopRule(StopRule.Quantity.GRAD_NORM, gradTol));
        }
        if (logEvery < 1) {
            throw new InvalidInputException("--log-every: must be ≥ 1, got " + logEvery);
        }
        return stops;
    }

    /** The output folder and the run's record (run.json), which the folder now holds. */
    record Folder(Path dir, ObjectNode record) {
    }

    /** Prepares --out and claims it for this run (refused when it holds a run with other settings). */
    Folder claimFolder(NetworkOptions.Start start) {
        Path dir = OutputDir.prepare(out, "train", force);
        ObjectNode record = Provenance.record(spec, common, start.net(), start.activation());
        if (runKey == null) {
            // A run without a key keeps the record it had before the option existed.
            ((ObjectNode) record.get("settings")).remove("--run-key");
        }
        Provenance.claimFolder(dir, record, force);
        return new Folder(dir, record);
    }

    /** The start of every random stream's purpose: the run key and a slash, or nothing without a key. */
    String streamPrefix() {
        if (runKey != null && runKey.isBlank()) {
            throw new InvalidInputException("--run-key: empty; give the key of a sweep's run");
        }
        return runKey == null ? "" : runKey + "/";
    }

    /** Every record that structure, the test risk or the modes sample carries its weights: the gcd of their intervals. */
    private static int weightsEvery(int... intervals) {
        int g = 0;
        for (int k : intervals) {
            g = k == 0 ? g : g == 0 ? k : java.math.BigInteger.valueOf(g).gcd(java.math.BigInteger.valueOf(k)).intValue();
        }
        return g;
    }

    /** The sampling intervals of --track: [sharpness K, structure K, test K, modes K], 0 where not tracked. */
    private int[] tracked() {
        int[] every = new int[4];
        if (track != null) {
            for (String t : track) {
                String[] kv = t.split(":", 2);
                int slot = switch (kv[0]) {
                    case "sharpness" -> 0;
                    case "structure" -> 1;
                    case "test" -> 2;
                    case "modes" -> 3;
                    default -> throw new InvalidInputException("--track " + t
                            + ": unknown quantity; expected sharpness:K, structure:K, test:K or modes:K");
                };
                int k;
                try {
                    k = Integer.parseInt(kv.length == 2 ? kv[1] : "");
                } catch (NumberFormatException e) {
                    k = -1;
                }
                if (k <= 0) {
                    throw new InvalidInputException("--track " + t + ": expected " + kv[0]
                            + ":K with an integer K ≥ 1");
                }
                every[slot] = k;
            }
        }
        return every;
    }

    /** --lr and --steps, which every optimizer that takes steps needs. */
    void requireRateAndSteps() {
        positive("--lr", lr, "the learning rate η");
        if (steps == null || steps <= 0) {
            throw new InvalidInputException("--steps: required for " + optimizer + ", a number of steps ≥ 1"
                    + (steps == null ? "" : ", got " + steps));
        }
    }

    static void positive(String option, Double value, String what) {
        if (value == null) {
            throw new InvalidInputException(option + ": required, " + what + " (> 0)");
        }
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new InvalidInputException(option + ": must be a positive number, got " + value);
        }
    }

    private void report(TrainResult r, FlowResult flow, UpdateRule rule, List<SmallInitCheck.Claim> claims, double wall,
                        Sharpness.Options opts, NetworkOptions.Start start, ObjectNode record, double testRisk) {
        ObjectNode o = TrainJson.result(record, r);
        o.put("parameters", start.net().parameterCount());
        o.put("optimizer", optimizer);
        if (rule instanceof UpdateRule.HeavyBall hb) {
            Json.put(o, "momentum", hb.beta());
        }
        if (rule instanceof UpdateRule.MiniBatchSgd sgd) {
            o.put("batch_size", sgd.batchSize());
        }
        if (rule != null) {
            // The sharpness above which a minimizer repels this rule: 2/η for GD, 2(1 + β)/η with momentum.
            Json.put(o, "stability_limit", rule.stabilityLimit());
        }
        if (flow != null) {
            Json.put(o, "final_time", flow.finalTime());
            o.put("integrator", flow.integrator());
            o.put("accepted_steps", flow.acceptedSteps());
            o.put("rejected_steps", flow.rejectedSteps());
            o.put("evaluations", flow.evaluations());
        }
        if (testData != null) {
            o.put("test_data", testData);
            Json.put(o, "test_risk", testRisk);
            Json.put(o, "generalization_gap", testRisk - r.finalLoss());
        }
        o.put("sharpness_method", opts.method().label());
        o.put("loss_convention", common.lossConvention().label());
        Json.put(o, "wall_s", wall);
        if (claims != null) {
            TheoryJson.put(o, "theory_check", claims);
        }
        if (modesReport != null) {
            o.set("modes", modesReport);
        }
        result = o;
        var outStream = spec.commandLine().getOut();
        if (common.json) {
            outStream.println(Json.write(o));
        } else if (r.diverged()) {
            outStream.printf("diverged at %s %d; no final weights written%n", flow != null ? "sample" : "step",
                    r.divergedAtStep());
        } else {
            if (flow != null) {
                outStream.printf("flow to t = %s (%s): %d accepted and %d rejected steps, %d gradient evaluations%n",
                        flow.finalTime(), o.get("stop_reason").asString(), flow.acceptedSteps(),
                        flow.rejectedSteps(), flow.evaluations());
            }
            outStream.printf("%d %s in %.3f s: loss %.10g, squared distance %.4g, sharpness %.10g (%s, residual"
                            + " %.2g, %s loss)%n", r.stepsDone(), flow != null ? "samples" : "steps", wall, r.finalLoss(), r.finalSqDistance(),
                    r.finalSharpness().top(), opts.method().label(), r.finalSharpness().topResidual(),
                    common.lossConvention().label());
            if (claims != null) {
                TheoryJson.print(outStream, claims);
            }
            if (modesReport != null) {
                ModeTracker.print(outStream, modesReport);
            }
        }
    }
}
