package org.dlnlab.bench;

import org.dlnlab.Json;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What users see: the {@code train} command at the paper's workload (the settings of {@link PaperWorkload}, every step
 * written to trajectory.csv), as a whole process, its marginal cost per step between two run lengths (medians of
 * interleaved runs), next to the engine's marginal cost for the same schedule measured in the same bench run. Needs
 * the CLI's class path in the system property {@value #CLASSPATH_PROPERTY} (which {@code dlnlab bench} sets).
 */
final class CommandCost {
    static final String CLASSPATH_PROPERTY = "dlnlab.cli.classpath";
    /** The bound on command / engine. */
    static final double TARGET_RATIO = 1.3;
    /** The bound on the command's cost per step with the authors' schedule (issue 18). */
    static final double STEP_TARGET_S = 3.0e-6;
    /** Steps of the short run whose extra time with the Vector API measures its JIT warm-up, and the bound on it. */
    static final int WARMUP_STEPS = 2000;
    static final double WARMUP_TARGET_S = 0.2;
    /** The JVM options that force the plain-Java kernels and the Vector API ones. */
    static final String SCALAR = "-Ddlnlab.kernels=scalar";
    static final String VECTOR = "-Ddlnlab.kernels=vector";
    /** The paper's net, initialization and learning rate as {@code train} options (without the data and steps). */
    private static final List<String> PAPER_NET = List.of("--depth", "10", "--width", "5", "--init",
            "small:" + PaperWorkload.INIT_SCALE, "--lr", String.valueOf(PaperWorkload.LEARNING_RATE));

    final int shortRun;
    final int longRun;
    final double gdOnlyStep;
    final double powerStep;
    /**
     * Seconds the first {@value #WARMUP_STEPS} steps (with the power iteration every 5) take longer as the command
     * chooses its kernels (for so short a run: the plain ones, {@code ExpectedWork}) than with the plain ones forced,
     * as whole processes; and the same with the Vector API forced: the JIT's warm-up of its kernels.
     */
    final double vectorWarmup;
    final double forcedVectorWarmup;

    private CommandCost(int shortRun, int longRun, double gdOnlyStep, double powerStep, double vectorWarmup,
                        double forcedVectorWarmup) {
        this.shortRun = shortRun;
        this.longRun = longRun;
        this.gdOnlyStep = gdOnlyStep;
        this.powerStep = powerStep;
        this.vectorWarmup = vectorWarmup;
        this.forcedVectorWarmup = forcedVectorWarmup;
    }

    /** Null when the CLI's class path is not known (the bench jar run on its own). */
    static CommandCost measure(Timer timer, boolean quick) {
        String classPath = System.getProperty(CLASSPATH_PROPERTY);
        if (classPath == null) {
            timer.progress("train command cost skipped (run through dlnlab bench to measure it)");
            return null;
        }
        int shortRun = quick ? 100_000 : 200_000;
        int longRun = quick ? 500_000 : 1_200_000;
        int reps = quick ? 3 : 5;
        Path dir = tempDir();
        try {
            List<String> power20 = paperNet("builtin:mc_fig1", List.of("--track", "sharpness:5", "--method", "power"));
            // Both lengths on the kernels a long run chooses (the Vector API where the hardware has it): left to
            // choose, the short run would take the plain ones and the difference would mix the two.
            List<String> vectorApi = List.of(VECTOR);
            double gd = marginal(classPath, dir, vectorApi, paperNet("builtin:mc_fig1", List.of()), shortRun, longRun, reps);
            double power = marginal(classPath, dir, vectorApi, power20, shortRun, longRun, reps);
            double[] chosen = new double[reps];
            double[] plain = new double[reps];
            double[] vector = new double[reps];
            for (int i = 0; i < reps; i++) {
                chosen[i] = train(classPath, dir, List.of(), WARMUP_STEPS, power20);
                plain[i] = train(classPath, dir, List.of(SCALAR), WARMUP_STEPS, power20);
                vector[i] = train(classPath, dir, vectorApi, WARMUP_STEPS, power20);
            }
            double warmup = Timer.median(chosen) - Timer.median(plain);
            double forced = Timer.median(vector) - Timer.median(plain);
            timer.progress("train command, every step written: %s/step, with power(20) every 5: %s/step; first %d"
                    + " steps %+.2f s as the command chooses its kernels, %+.2f s with the Vector API forced",
                    TableReport.time(gd), TableReport.time(power), WARMUP_STEPS, warmup, forced);
            return new CommandCost(shortRun, longRun, gd, power, warmup, forced);
        } finally {
            delete(dir);
        }
    }

    /** {@code train} options (without the steps) for the paper's net on data, followed by extra. */
    static List<String> paperNet(String data, List<String> extra) {
        List<String> setting = new ArrayList<>(List.of("--data", data));
        setting.addAll(PAPER_NET);
        setting.addAll(extra);
        return setting;
    }

    /**
     * Marginal seconds per step of {@code train} with the given options (all but {@code --steps} and the output)
     * between two run lengths: medians of reps interleaved whole processes, after one untimed long run.
     */
    static double marginal(String classPath, Path dir, List<String> jvmOptions, List<String> setting, int shortRun,
                           int longRun, int reps) {
        train(classPath, dir, jvmOptions, longRun, setting);
        double[] ts = new double[reps];
        double[] tl = new double[reps];
        for (int i = 0; i < reps; i++) {
            ts[i] = train(classPath, dir, jvmOptions, shortRun, setting);
            tl[i] = train(classPath, dir, jvmOptions, longRun, setting);
        }
        return (Timer.median(tl) - Timer.median(ts)) / (longRun - shortRun);
    }

    /**
     * Seconds of one whole {@code train} process of the given steps with the options of setting, writing into dir, with
     * this JVM's options plus jvmOptions; throws with the process's output when it fails.
     */
    private static double train(String classPath, Path dir, List<String> jvmOptions, int steps, List<String> setting) {
        List<String> c = ChildJvm.command(jvmOptions);
        c.addAll(List.of("-cp", classPath, "org.dlnlab.cli.Main", "train"));
        c.addAll(setting);
        c.addAll(List.of("--steps", String.valueOf(steps), "--out", dir.resolve("run").toString(), "--force"));
        try {
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(c).redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile())
                    .start();
            int code = p.waitFor();
            double t = (System.nanoTime() - t0) / 1e9;
            if (code != 0) {
                throw new IllegalStateException("train exited with " + code + ": "
                        + Files.readString(dir.resolve("log")));
            }
            return t;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** A fresh temporary folder for train's output; {@link #delete} it after. */
    static Path tempDir() {
        try {
            return Files.createTempDirectory("dlnlab-bench-train");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // A temporary folder left behind is not worth failing the bench for.
        }
    }

    void put(ObjectNode o, PaperWorkload engine) {
        o.put("setting", "dlnlab train on mc_fig1, depth 10, width 5, init small:" + PaperWorkload.INIT_SCALE
                + ", lr " + PaperWorkload.LEARNING_RATE + ", every step written to trajectory.csv, as a whole process;"
                + " marginal cost = (t(long) − t(short)) / (long − short) steps");
        o.put("short_run_steps", shortRun);
        o.put("long_run_steps", longRun);
        Json.put(o, "gd_only_step_s", gdOnlyStep);
        Json.put(o, "gd_only_ratio_to_engine", gdOnlyStep / engine.gdOnlyStep);
        Json.put(o, "power20_every5_step_s", powerStep);
        Json.put(o, "power20_every5_ratio_to_engine", powerStep / engine.powerStep);
        Json.put(o, "vector_warmup_first_" + WARMUP_STEPS + "_steps_s", vectorWarmup);
        Json.put(o, "forced_vector_warmup_first_" + WARMUP_STEPS + "_steps_s", forcedVectorWarmup);
    }
}
