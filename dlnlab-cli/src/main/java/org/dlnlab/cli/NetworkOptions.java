package org.dlnlab.cli;

import org.dlnlab.InvalidInputException;
import org.dlnlab.RandomStreams;
import org.dlnlab.data.ProjectionFile;
import org.dlnlab.data.Problem;
import org.dlnlab.init.Initialization;
import org.dlnlab.init.WeightsFile;
import org.dlnlab.kernels.MemoryBudget;
import org.dlnlab.model.Activation;
import org.dlnlab.model.DeepLinearNet;
import org.dlnlab.model.StandardActivation;
import org.dlnlab.theory.Constructions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.SplittableRandom;

/** Which network and which starting point: depth, widths, initialization, projection. */
public final class NetworkOptions {
    @Option(names = "--depth", paramLabel = "L", description = "Number of layers L (required unless --init file:).")
    Integer depth;

    @Option(names = "--width", paramLabel = "W", description = "Width of every hidden layer (default: d).")
    Integer width;

    @Option(names = "--widths", paramLabel = "a,b,..", split = ",",
            description = "Hidden widths d_1..d_{L−1}, one per hidden layer (default: --width for each).")
    List<Integer> widths;

    @Option(names = "--init", paramLabel = "SPEC", defaultValue = "small:0.35",
            description = "small:S | residual:S | orthogonal | aligned-minimizer | spectral:DELTA | file:W.json"
                    + " (or .npz, .safetensors) (default: ${DEFAULT-VALUE}).")
    String init;

    @Option(names = "--weights", paramLabel = "W.json|W.npz|W.safetensors",
            description = "Start from a weights file, the same as --init file:W (JSON, NumPy .npz or .safetensors)."
                    + " Default: none, the --init start.")
    String weights;

    @Mixin
    WeightsLayoutOption weightsLayout;

    @Mixin
    ActivationOption activation;

    @Option(names = "--projection", paramLabel = "FILE[:NAME]|builtin:mc_projections:NAME|random",
            defaultValue = "random",
            description = "Fixed unit output projection of the residual network (default: ${DEFAULT-VALUE},"
                    + " a seeded Gaussian direction).")
    String projection;

    @Option(names = "--sharpen", paramLabel = "C",
            description = "Rescale the start (W_1, W_2) → (C·W_1, W_2/C): the same end-to-end map, sharpness growing"
                    + " like C² (the theory's arbitrarily sharp minimizers; try with --init aligned-minimizer)"
                    + " (default: none, the start as initialized).")
    Double sharpen;

    /** A network (its layout and its activation) and its initial parameters. */
    record Start(DeepLinearNet net, double[] weights, Initialization init, Activation activation) {
        boolean linear() {
            return activation == StandardActivation.LINEAR;
        }
    }

    /** The initialization asked for: {@code --weights W} as {@code file:W}, else {@code --init}. */
    String initSpec() {
        return weights != null ? "file:" + weights : init;
    }

    Start start(Problem problem, long seed) {
        return start(problem, seed, "");
    }

    /** The start with every random stream's purpose prefixed (a sweep run's key and a slash). */
    Start start(Problem problem, long seed, String streamPrefix) {
        Initialization initialization = Initialization.parse(initSpec());
        WeightsFile.Layout layout = weightsLayout.layout(); // checked even when no file is read
        DeepLinearNet net;
        Activation sigma = activation.typedOrLinear();
        if (initialization instanceof Initialization.FromFile spec) {
            Initialization.FromFile file = spec.withLayout(layout);
            initialization = file;
            var loaded = WeightsFile.read(file.path(), file.layout());
            net = loaded.net();
            sigma = activation.forWeights(file.path(), Provenance.recordedActivation(loaded.provenance()));
            if (depth != null && depth != net.depth()) {
                throw new InvalidInputException(file.path() + ": has " + net.depth() + " layers but --depth is "
                        + depth);
            }
            if (net.inputs() != problem.d() || net.outputs() != problem.p()) {
                throw new InvalidInputException(file.path() + ": maps " + net.inputs() + " inputs to "
                        + net.outputs() + " outputs, the data has d = " + problem.d() + ", p = " + problem.p());
            }
        } else {
            net = architecture(problem, initialization instanceof Initialization.Residual, seed, streamPrefix);
        }
        double[] w = initialization.create(net, problem, RandomStreams.of(seed, streamPrefix + "init"));
        if (sharpen != null) {
            if (sigma != StandardActivation.LINEAR) {
                throw new InvalidInputException("--sharpen: keeps the network's function only for a linear net, not"
                        + " with --activation " + sigma.label());
            }
            w = Constructions.sharpen(net, w, sharpen);
        }
        return new Start(net, w, initialization, sigma);
    }

    private DeepLinearNet architecture(Problem problem, boolean residual, long seed, String streamPrefix) {
        if (depth == null) {
            throw new InvalidInputException("--depth: required (the number of layers L ≥ 1)");
        }
        if (depth < 1) {
            throw new InvalidInputException("--depth: must be ≥ 1, got " + depth);
        }
        int d = problem.d();
        if (residual) {
            if (problem.p() != 1) {
                throw new InvalidInputException("--init residual: the residual network has a single output, the"
                        + " data has " + problem.p() + " targets");
            }
            if (width != null && width != d || widths != null) {
                throw new InvalidInputException("--width/--widths: the residual network's layers are d×d (d = "
                        + d + ")");
            }
            int[] square = new int[depth + 1];
            java.util.Arrays.fill(square, d);
            MemoryBudget.requireTrainable(square, 1, "--depth");
            return DeepLinearNet.residual(d, depth, projectionVector(d, seed, streamPrefix));
        }
        int[] w = new int[depth + 1];
        w[0] = d;
        w[depth] = problem.p();
        if (widths != null) {
            if (width != null) {
                throw new InvalidInputException("--width and --widths: give one of them, not both");
            }
            if (widths.size() != depth - 1) {
                throw new InvalidInputException("--widths: expected " + (depth - 1) + " hidden widths for --depth "
                        + depth + ", got " + widths.size());
            }
            for (int k = 1; k < depth; k++) {
                w[k] = positive("--widths", widths.get(k - 1));
            }
        } else {
            int h = width == null ? d : positive("--width", width);
            for (int k = 1; k < depth; k++) {
                w[k] = h;
            }
        }
        MemoryBudget.requireTrainable(w, problem.p(), widths != null ? "--widths" : "--width/--depth");
        return DeepLinearNet.of(w);
    }

    private double[] projectionVector(int d, long seed, String streamPrefix) {
        if (!"random".equals(projection)) {
            return ProjectionFile.load(projection, d);
        }
        SplittableRandom rng = RandomStreams.of(seed, streamPrefix + "projection");
        double[] q = new double[d];
        double norm = 0;
        for (int i = 0; i < d; i++) {
            q[i] = rng.nextGaussian();
            norm += q[i] * q[i];
        }
        norm = Math.sqrt(norm);
        for (int i = 0; i < d; i++) {
            q[i] /= norm;
        }
        return q;
    }

    private static int positive(String option, int value) {
        if (value <= 0) {
            throw new InvalidInputException(option + ": widths must be ≥ 1, got " + value);
        }
        return value;
    }
}
