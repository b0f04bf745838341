package org.dlnlab.cli;

import org.dlnlab.Decimal;
import org.dlnlab.InvalidInputException;
import org.dlnlab.Json;
import org.dlnlab.RandomStreams;
import org.dlnlab.curvature.Sharpness;
import org.dlnlab.data.Problem;
import org.dlnlab.experiments.report.FigureRenderer;
import org.dlnlab.experiments.report.FigureSpec;
import org.dlnlab.objective.LinearChainObjective;
import org.dlnlab.train.Comparison;
import org.dlnlab.train.GradientFlow;
import org.dlnlab.train.TrainResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Gradient descent, gradient flow and the central flow from one initialization, η and number of"
                + " steps: compare.csv (per GD step: losses, GD's smoothed loss, sharpnesses, distances between"
                + " end-to-end maps, (uᵀ(w_GD − w_CF))² against σ²), compare_loss.png|svg and"
                + " compare_sharpness.png|svg"
                + " in --out; the JSON gives the largest distances.")
final class CompareCommand implements Callable<Integer> {
    static final String HEADER = "step,time,loss_gd,loss_gd_smoothed,loss_flow,loss_cf,predicted_loss_cf,sharpness_gd,"
            + "sharpness_flow,sharpness_cf,beta_distance_cf,beta_distance_flow,projection_sq,sigma2";
    private static final List<String> OPTIMIZERS = List.of("gd", "flow", "central-flow");

    @Mixin
    CommonOptions common;

    @Mixin
    NetworkOptions network;

    @Mixin
    SharpnessOptions sharpness;

    @Option(names = "--optimizers", paramLabel = "gd,flow,central-flow", split = ",",
            defaultValue = "gd,flow,central-flow",
            description = "Which to run, two or three of gd, flow and central-flow (default: ${DEFAULT-VALUE}).")
    List<String> optimizers;

    @Option(names = "--lr", paramLabel = "η", required = true,
            description = "Learning rate η > 0 of GD and the central flow; the flow runs to time ηN (required).")
    double lr;

    @Option(names = "--steps", paramLabel = "N", required = true, description = "GD steps N ≥ 1 (required).")
    int steps;

    @Mixin
    CentralFlowOptions centralFlow;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "dlnlab-compare",
            description = "Output folder (default: ./${DEFAULT-VALUE}).")
    String out;

    @Option(names = "--force", description = "Write into a non-empty --out folder.")
    boolean force;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Set<String> chosen = new LinkedHashSet<>(optimizers);
        for (String o : chosen) {
            if (!OPTIMIZERS.contains(o)) {
                throw new InvalidInputException("--optimizers: unknown optimizer \"" + o
                        + "\"; expected two or three of gd, flow, central-flow");
            }
        }
        if (chosen.size() < 2) {
            throw new InvalidInputException("--optimizers: needs two or three of gd, flow, central-flow, got "
                    + chosen);
        }
        if (!(lr > 0) || !Double.isFinite(lr)) {
            throw new InvalidInputException("--lr: must be a positive number, got " + lr);
        }
        if (steps < 1) {
            throw new InvalidInputException("--steps: must be ≥ 1, got " + steps);
        }
        if (chosen.contains("central-flow")) {
            CentralFlowOptions.refuseIncompatible(spec.commandLine().getParseResult(), sharpness.options().method());
        }
        CentralFlowOptions.Scheme scheme = centralFlow.scheme(lr, steps, List.of(),
                spec.commandLine().getParseResult(), GradientFlow.DEFAULT_ABSOLUTE_TOLERANCE,
                GradientFlow.DEFAULT_RELATIVE_TOLERANCE);
        Sharpness.Options opts = sharpness.options();
        Problem problem = common.problem();
        NetworkOptions.Start start = network.start(problem, common.seed);
        Path dir = OutputDir.prepare(out, "compare", force);
        ObjectNode record = Provenance.record(spec, common, start.net());
        Provenance.claimFolder(dir, record, force);
        long t0 = System.nanoTime();
        Comparison.Result r = new Comparison(lr, steps, scheme.maxActive(), scheme.adaptive() != null).run(
                () -> new LinearChainObjective(start.net(), problem, common.lossConvention()), start.weights(),
                name -> new Sharpness(opts, RandomStreams.of(common.seed, "sharpness/" + name)), opts,
                RandomStreams.of(common.seed, "sharpness/central-flow"),
                new Comparison.Which(chosen.contains("gd"), chosen.contains("flow"), chosen.contains("central-flow")),
                GradientFlow.DEFAULT_ABSOLUTE_TOLERANCE, GradientFlow.DEFAULT_RELATIVE_TOLERANCE);
        double wall = (System.nanoTime() - t0) / 1e9;
        writeCsv(dir.resolve("compare.csv"), r);
        FigureRenderer.write(lossFigure(r), dir);
        FigureRenderer.write(sharpnessFigure(r), dir);
        ObjectNode o = Json.object();
        o.set("settings", record.get("settings"));
        o.putPOJO("optimizers", new ArrayList<>(chosen));
        Json.put(o, "max_beta_distance_cf", max(r.distanceCf()));
        Json.put(o, "max_beta_distance_flow", max(r.distanceFlow()));
        end(o, "gd", r.gd());
        end(o, "flow", r.flow() == null ? null : r.flow().result());
        end(o, "central_flow", r.centralFlow() == null ? null : r.centralFlow().result());
        if (r.centralFlow() != null) {
            if (r.centralFlow().edgeStep() >= 0) {
                o.put("central_flow_edge_step", r.centralFlow().edgeStep());
            } else {
                o.putNull("central_flow_edge_step");
            }
            Json.put(o, "central_flow_max_edge_deviation", r.centralFlow().maxEdgeDeviation());
            o.put("central_flow_scheme", scheme.name());
        }
        Json.put(o, "stability_limit", 2 / lr);
        o.put("sharpness_method", opts.method().label());
        o.put("loss_convention", common.lossConvention().label());
        Json.put(o, "wall_s", wall);
        var stdout = spec.commandLine().getOut();
        if (common.json) {
            stdout.println(Json.write(o));
        } else {
            stdout.printf("compared %s over %d steps of η = %s in %.3f s: max ‖β_GD − β_CF‖ = %.4g,"
                            + " max ‖β_GD − β_GF‖ = %.4g (%s loss); see %s%n", String.join(", ", chosen), steps, lr, wall,
                    max(r.distanceCf()), max(r.distanceFlow()), common.lossConvention().label(),
                    dir.resolve("compare.csv"));
        }
        stdout.flush();
        return 0;
    }

    /** The run's final loss and sharpness, stop reason and divergence under {@code <name>_…} keys. */
    private static void end(ObjectNode o, String name, TrainResult r) {
        if (r == null) {
            return;
        }
        Json.put(o, name + "_final_loss", r.finalLoss());
        Json.put(o, name + "_final_sharpness", r.finalSharpness() == null ? Double.NaN : r.finalSharpness().top());
        o.put(name + "_diverged", r.diverged());
        o.put(name + "_stop_reason", r.stopReason().label());
    }

    /** The largest finite value, NaN if there is none. */
    static double max(double[] x) {
        double m = Double.NaN;
        for (double v : x) {
            if (!Double.isNaN(v)) {
                m = Double.isNaN(m) ? v : Math.max(m, v);
            }
        }
        return m;
    }

    private void writeCsv(Path file, Comparison.Result r) {
        StringBuilder b = new StringBuilder(HEADER).append('\n');
        double[][] columns = {r.lossGd(), r.lossGdSmoothed(), r.lossFlow(), r.lossCf(), r.predictedLossCf(),
                r.sharpnessGd(), r.sharpnessFlow(), r.sharpnessCf(), r.distanceCf(), r.distanceFlow(),
                r.projectionSq(), r.sigma2()};
        for (int t = 0; t <= steps; t++) {
            b.append(t).append(',').append(Decimal.toString(t * lr));
            for (double[] c : columns) {
                b.append(',');
                if (!Double.isNaN(c[t])) {
                    b.append(Decimal.toString(c[t]));
                }
            }
            b.append('\n');
        }
        try {
            Files.writeString(file, b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private double[] stepAxis() {
        double[] x = new double[steps + 1];
        for (int t = 0; t <= steps; t++) {
            x[t] = t;
        }
        return x;
    }

    private FigureSpec lossFigure(Comparison.Result r) {
        double[] x = stepAxis();
        List<FigureSpec.Series> s = new ArrayList<>();
        s.add(new FigureSpec.Series("GD", x, r.lossGd(), FigureSpec.Style.LINE, 0));
        s.add(new FigureSpec.Series("GD, smoothed (Gaussian, σ = 50 steps)", x, r.lossGdSmoothed(),
                FigureSpec.Style.LINE, 1));
        s.add(new FigureSpec.Series("gradient flow", x, r.lossFlow(), FigureSpec.Style.LINE, 2));
        s.add(new FigureSpec.Series("central flow R(w)", x, r.lossCf(), FigureSpec.Style.LINE, 3));
        s.add(new FigureSpec.Series("central flow R + σ²/η", x, r.predictedLossCf(), FigureSpec.Style.DASHED, 3));
        return new FigureSpec("compare_loss", "Loss, η = " + lr, "GD step", "loss (" + common.lossConvention().label()
                + ")", false, true, finite(s), "GD's loss raw and smoothed, gradient flow at time ηt, the central"
                + " flow's loss and its prediction of GD's time-averaged loss.");
    }

    private FigureSpec sharpnessFigure(Comparison.Result r) {
        double[] x = stepAxis();
        List<FigureSpec.Series> s = new ArrayList<>();
        s.add(new FigureSpec.Series("GD", x, r.sharpnessGd(), FigureSpec.Style.LINE, 0));
        s.add(new FigureSpec.Series("gradient flow", x, r.sharpnessFlow(), FigureSpec.Style.LINE, 2));
        s.add(new FigureSpec.Series("central flow", x, r.sharpnessCf(), FigureSpec.Style.LINE, 3));
        s.add(FigureSpec.horizontal("2/η", 2 / lr, 0, steps, FigureSpec.Style.DASHED, -1));
        return new FigureSpec("compare_sharpness", "Sharpness, η = " + lr, "GD step", "λ_max ("
                + common.lossConvention().label() + ")", false, false, finite(s),
                "Top Hessian eigenvalue (checked Lanczos) along each run, with GD's stability limit 2/η.");
    }

    /** The series with at least one finite value (an optimizer not run has none). */
    private static List<FigureSpec.Series> finite(List<FigureSpec.Series> all) {
        List<FigureSpec.Series> kept = new ArrayList<>();
        for (FigureSpec.Series s : all) {
            if (!Double.isNaN(max(s.y()))) {
                kept.add(s);
            }
        }
        return kept;
    }
}
