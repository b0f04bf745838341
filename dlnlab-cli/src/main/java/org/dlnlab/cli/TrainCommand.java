package org.dlnlab.cli;

import org.dlnlab.InvalidInputException;
import org.dlnlab.RandomStreams;
import org.dlnlab.curvature.Sharpness;
import org.dlnlab.data.Problem;
import org.dlnlab.init.WeightsJson;
import org.dlnlab.objective.Objective;
import org.dlnlab.train.GradientDescent;
import org.dlnlab.train.TrainResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a deep linear network by full-batch gradient descent; writes trajectory.csv and"
                + " final_weights.json to --out. Ctrl-C stops the run and keeps the trajectory so far.")
final class TrainCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    NetworkOptions network;

    @Mixin
    SharpnessOptions sharpness;

    @Option(names = "--optimizer", defaultValue = "gd", description = "gd (full-batch gradient descent).")
    String optimizer;

    @Option(names = "--lr", paramLabel = "η", required = true, description = "Learning rate η > 0.")
    double lr;

    @Option(names = "--steps", paramLabel = "N", required = true, description = "Number of GD steps.")
    int steps;

    @Option(names = "--track", paramLabel = "sharpness:K", split = ",",
            description = "Quantities sampled along the run: sharpness:K samples the sharpness every K steps.")
    java.util.List<String> track;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "dlnlab-out",
            description = "Output folder (default: ./${DEFAULT-VALUE}).")
    String out;

    @Option(names = "--force", description = "Write into a non-empty --out folder.")
    boolean force;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (!"gd".equals(optimizer)) {
            throw new InvalidInputException("--optimizer: unknown optimizer \"" + optimizer + "\"; expected gd");
        }
        if (!(lr > 0) || !Double.isFinite(lr)) {
            throw new InvalidInputException("--lr: must be a positive number, got " + lr);
        }
        if (steps <= 0) {
            throw new InvalidInputException("--steps: must be ≥ 1, got " + steps);
        }
        int every = sharpnessEvery();
        Sharpness.Options opts = sharpness.options();
        Problem problem = common.problem();
        NetworkOptions.Start start = network.start(problem, common.seed);
        Path dir = OutputDir.prepare(out, "train", force);
        Objective objective = new Objective(start.net(), problem, common.lossConvention());
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
        long t0 = System.nanoTime();
        TrainResult r;
        Path trajectory = dir.resolve("trajectory.csv");
        try (TrajectoryWriter writer = new TrajectoryWriter(trajectory, every > 0)) {
            r = new GradientDescent(lr, steps, every).run(objective, w, estimator, writer);
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        if (r.weights() != null) {
            WeightsJson.write(dir.resolve("final_weights.json"), start.net(), r.weights());
        }
        if (r.interrupted()) {
            spec.commandLine().getErr().println("dlnlab: interrupted at step " + r.stepsDone() + "; the trajectory so"
                    + " far is in " + trajectory + (r.weights() != null ? " and the weights in "
                    + dir.resolve("final_weights.json") : ""));
        }
        report(r, wall, opts, start);
        spec.commandLine().getOut().flush();
        saved.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(onSigint);
        } catch (IllegalStateException shuttingDown) {
            // Ctrl-C arrived: the JVM is exiting and the hook is already waiting on `saved`.
        }
        return 0;
    }

    private int sharpnessEvery() {
        int every = 0;
        if (track != null) {
            for (String t : track) {
                String[] kv = t.split(":", 2);
                if (!kv[0].equals("sharpness")) {
                    throw new InvalidInputException("--track " + t + ": unknown quantity; expected sharpness:K");
                }
                try {
                    every = Integer.parseInt(kv.length == 2 ? kv[1] : "");
                } catch (NumberFormatException e) {
                    every = -1;
                }
                if (every <= 0) {
                    throw new InvalidInputException("--track " + t + ": expected sharpness:K with an integer K ≥ 1");
                }
            }
        }
        return every;
    }

    private void report(TrainResult r, double wall, Sharpness.Options opts, NetworkOptions.Start start) {
        ObjectNode o = Json.object();
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
        o.put("steps", r.stepsDone());
        o.put("parameters", start.net().parameterCount());
        o.put("sharpness_method", opts.method().label());
        o.put("loss_convention", common.lossConvention().label());
        Json.put(o, "wall_s", wall);
        var outStream = spec.commandLine().getOut();
        if (common.json) {
            outStream.println(Json.write(o));
        } else if (r.diverged()) {
            outStream.printf("diverged at step %d (η = %s); no final weights written%n", r.divergedAtStep(), lr);
        } else {
            outStream.printf("%d steps in %.3f s: loss %.10g, squared distance %.4g, sharpness %.10g (%s, residual"
                            + " %.2g, %s loss)%n", r.stepsDone(), wall, r.finalLoss(), r.finalSqDistance(),
                    r.finalSharpness().top(), opts.method().label(), r.finalSharpness().topResidual(),
                    common.lossConvention().label());
        }
    }
}
