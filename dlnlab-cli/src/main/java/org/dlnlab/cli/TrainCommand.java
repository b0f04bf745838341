package org.dlnlab.cli;

import org.dlnlab.Json;
import org.dlnlab.InvalidInputException;
import org.dlnlab.RandomStreams;
import org.dlnlab.curvature.Sharpness;
import org.dlnlab.data.Dataset;
import org.dlnlab.data.Problem;
import org.dlnlab.init.WeightsFile;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

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
                    + " needs --lr, --steps and --momentum) or flow (gradient flow, the vanishing-step limit,"
                    + " integrated by Dormand–Prince 8(5,3); needs --time) or sgd (mini-batch stochastic gradient"
                    + " descent, needs --lr, --steps and --batch-size).")
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

    @Option(names = "--track", paramLabel = "sharpness:K,structure:K,test:K", split = ",",
            description = "Quantities sampled along the run: sharpness:K samples the sharpness every K steps;"
                    + " structure:K the per-layer rank-one defects, misalignments, balancedness and the PL ratio"
                    + " ‖∇R‖²/(R − R_min) every K steps (flow: every K samples); test:K the risk on --test-data."
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

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        boolean flow = switch (optimizer) {
            case "gd", "momentum", "sgd" -> false;
            case "flow" -> true;
            default -> throw new InvalidInputException("--optimizer: unknown optimizer \"" + optimizer
                    + "\"; expected gd, momentum, sgd or flow");
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
        UpdateRule rule = null;
        if (flow) {
            positive("--time", time, "the final time T of the flow");
            if (sampleEvery != null) {
                positive("--sample-every", sampleEvery, "a time step");
            }
            positive("--atol", atol, "a tolerance");
            positive("--rtol", rtol, "a tolerance");
        } else {
            positive("--lr", lr, "the learning rate η");
            if (steps == null || steps <= 0) {
                throw new InvalidInputException("--steps: required for " + optimizer + ", a number of steps ≥ 1"
                        + (steps == null ? "" : ", got " + steps));
            }
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
        if (testEvery > 0 && testData == null) {
            throw new InvalidInputException("--track test:" + testEvery + ": needs --test-data");
        }
        SmallInitCheck checker = checkTheory ? checkOptions.check() : null;
        Sharpness.Options opts = sharpness.options();
        Dataset data = common.dataset();
        Problem problem = Problem.of(data);
        NetworkOptions.Start start = network.start(problem, common.seed);
        if (optimizer.equals("sgd")) {
            rule = MiniBatchOption.sgd(lr, batchSize, data, common.seed);
        }
        if (!start.linear()) {
            NonlinearNet.refuseLinearTheory(start.activation(), checkTheory, structureEvery, stops);
        }
        Path dir = OutputDir.prepare(out, "train", force);
        ObjectNode record = Provenance.record(spec, common, start.net(), start.activation());
        Provenance.claimFolder(dir, record, force);
        if (testData != null) {
            ((ObjectNode) record.get("settings")).put("test_data_sha256", org.dlnlab.data.DataSources.sha256(testData));
        }
        Objective objective = Objective.of(start.net(), start.activation(), problem, data, common.lossConvention());
        Dataset testSet = testData == null ? null : common.testSet(testData);
        Problem testProblem = testSet == null ? null : Problem.of(testSet);
        Sharpness estimator = new Sharpness(opts, RandomStreams.of(common.seed, "sharpness"));
        double[] w = start.weights();

        Thread worker = Thread.currentThread();
        CountDownLatch saved = new CountDownLatch(1);
        Thread onSigint = new Thread(() -> {
            worker.interrupt();
            try {
                saved.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(onSigint);
        try {
            long t0 = System.nanoTime();
            TrainResult r;
            FlowResult flowResult = null;
            Path trajectory = dir.resolve("trajectory.csv");
            // The writer thread evaluates the test risk on an objective of its own (objectives are not thread-safe).
            Objective testOnWriter = testEvery > 0
                    ? Objective.of(start.net(), start.activation(), testProblem, testSet, common.lossConvention())
                    : null;
            boolean terminal = System.console() != null;
            double sampleInterval = flow ? (sampleEvery != null ? sampleEvery : time / 1000) : 0;
            try (TrajectoryWriter writer = new TrajectoryWriter(trajectory, every > 0,
                    structureEvery > 0 ? start.net() : null, structureEvery,
                    common.lossConvention().factor() * problem.rMin(), testOnWriter, testEvery, logEvery);
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
                    r = new Trainer(rule, steps, every, weightsEvery(structureEvery, testEvery), stops).run(objective, w,
                            estimator, observer);
                }
            }
            double wall = (System.nanoTime() - t0) / 1e9;
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
            // Released on every exit, an exception included, so a pending Ctrl-C never waits for nothing.
            saved.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onSigint);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C arrived: the JVM is exiting and the hook is already waiting on `saved`.
            }
        }
        return 0;
    }

    /** Every record that structure or the test risk samples carries its weights: the gcd of their intervals. */
    private static int weightsEvery(int structureEvery, int testEvery) {
        return structureEvery == 0 ? testEvery : testEvery == 0 ? structureEvery
                : java.math.BigInteger.valueOf(structureEvery).gcd(java.math.BigInteger.valueOf(testEvery)).intValue();
    }

    /** The sampling intervals of --track: [sharpness K, structure K, test K], 0 where not tracked. */
    private int[] tracked() {
        int[] every = new int[3];
        if (track != null) {
            for (String t : track) {
                String[] kv = t.split(":", 2);
                int slot = switch (kv[0]) {
                    case "sharpness" -> 0;
                    case "structure" -> 1;
                    case "test" -> 2;
                    default -> throw new InvalidInputException("--track " + t
                            + ": unknown quantity; expected sharpness:K, structure:K or test:K");
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

    private static void positive(String option, Double value, String what) {
        if (value == null) {
            throw new InvalidInputException(option + ": required, " + what + " (> 0)");
        }
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new InvalidInputException(option + ": must be a positive number, got " + value);
        }
    }

    private void report(TrainResult r, FlowResult flow, UpdateRule rule, List<SmallInitCheck.Claim> claims, double wall,
                        Sharpness.Options opts, NetworkOptions.Start start, ObjectNode record, double testRisk) {
        ObjectNode o = Json.object();
        // The settings that define the run, as run.json holds them: a result printed alone still says how it was made.
        o.set("settings", record.get("settings"));
        Json.put(o, "final_loss", r.finalLoss());
        Json.put(o, "final_sq_distance", r.finalSqDistance());
        Json.put(o, "final_grad_norm", r.finalGradNorm());
        Json.put(o, "final_sharpness", r.finalSharpness() == null ? Double.NaN : r.finalSharpness().top());
        Json.put(o, "final_sharpness_residual",
                r.finalSharpness() == null ? Double.NaN : r.finalSharpness().topResidual());
        if (r.finalSharpness() != null) {
            o.put("final_sharpness_converged", r.finalSharpness().converged());
        } else {
            o.putNull("final_sharpness_converged");
        }
        o.put("diverged", r.diverged());
        if (r.diverged()) {
            o.put("diverged_at_step", r.divergedAtStep());
        } else {
            o.putNull("diverged_at_step");
        }
        o.put("interrupted", r.interrupted());
        o.put("stop_reason", r.stopReason().label());
        o.put("steps", r.stepsDone());
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
        }
    }
}
