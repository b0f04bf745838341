package org.dlnlab.cli;

import org.dlnlab.InvalidInputException;
import org.dlnlab.Json;
import org.dlnlab.RandomStreams;
import org.dlnlab.curvature.SpectralDensity;
import org.dlnlab.data.Dataset;
import org.dlnlab.data.Problem;
import org.dlnlab.experiments.report.FigureRenderer;
import org.dlnlab.experiments.report.FigureSpec;
import org.dlnlab.init.WeightsJson;
import org.dlnlab.objective.Objective;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "spectrum", mixinStandardHelpOptions = true,
        description = "The Hessian's spectral density by stochastic Lanczos quadrature: density.csv, density.png and"
                + " density.svg (Gaussian-smoothed), quadrature.csv (each probe's nodes and weights) in --out.")
final class SpectrumCommand implements Callable<Integer> {
    /** Points of the density's grid. */
    private static final int GRID = 1000;
    /** The default bandwidth as a share of the support's width. */
    private static final double DEFAULT_BANDWIDTH_SHARE = 1.0 / 200;

    @Mixin
    CommonOptions common;

    @Mixin
    NetworkOptions network;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Output folder.")
    String out;

    @Option(names = "--force", description = "Write into a non-empty --out folder.")
    boolean force;

    @Option(names = "--probes", paramLabel = "P", defaultValue = "10",
            description = "Random unit probes, one quadrature each (default: ${DEFAULT-VALUE}).")
    int probes;

    @Option(names = "--lanczos-steps", paramLabel = "M", defaultValue = "80",
            description = "Lanczos steps per probe: quadrature nodes, exact for moments up to 2M − 1"
                    + " (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--bandwidth", paramLabel = "B",
            description = "Standard deviation of the Gaussian that smooths the density (default: 1/200 of the"
                    + " width of the nodes' range, 0 included).")
    Double bandwidth;

    @Mixin
    RecordedData recorded;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (probes < 2) {
            throw new InvalidInputException("--probes: must be ≥ 2 (a standard error needs two), got " + probes);
        }
        if (steps < 1) {
            throw new InvalidInputException("--lanczos-steps: must be ≥ 1, got " + steps);
        }
        if (bandwidth != null && !(bandwidth > 0 && Double.isFinite(bandwidth))) {
            throw new InvalidInputException("--bandwidth: must be a positive number, got " + bandwidth);
        }
        recorded.apply(spec, common, network.initSpec(), network.weightsLayout.layout());
        Dataset data = common.dataset();
        Problem problem = Problem.of(data);
        NetworkOptions.Start start = network.start(problem, common.seed);
        Path dir = OutputDir.prepare(out, "spectrum", force);
        Provenance.claimFolder(dir, Provenance.record(spec, common, start.net(), start.activation()), force);
        Objective objective = Objective.of(start.net(), start.activation(), problem, data, common.lossConvention());
        SpectralDensity slq = SpectralDensity.estimate(objective.hessianAt(start.weights()), probes, steps,
                RandomStreams.of(common.seed, "spectrum"));
        double[] support = slq.support();
        double width = support[1] - support[0];
        double sigma = bandwidth != null ? bandwidth : width > 0 ? DEFAULT_BANDWIDTH_SHARE * width : 1;
        double[] t = new double[GRID];
        double lo = support[0] - 3 * sigma;
        double step = (width + 6 * sigma) / (GRID - 1);
        for (int i = 0; i < GRID; i++) {
            t[i] = lo + i * step;
        }
        double[] phi = slq.density(t, sigma);
        StringBuilder density = new StringBuilder("eigenvalue,density\n");
        for (int i = 0; i < GRID; i++) {
            density.append(t[i]).append(',').append(phi[i]).append('\n');
        }
        WeightsJson.writeAtomically(dir.resolve("density.csv"), density.toString());
        StringBuilder nodes = new StringBuilder("probe,node,weight\n");
        for (int p = 0; p < slq.probes().size(); p++) {
            SpectralDensity.Probe probe = slq.probes().get(p);
            for (int i = 0; i < probe.nodes().length; i++) {
                nodes.append(p + 1).append(',').append(probe.nodes()[i]).append(',').append(probe.weights()[i])
                        .append('\n');
            }
        }
        WeightsJson.writeAtomically(dir.resolve("quadrature.csv"), nodes.toString());
        FigureRenderer.write(figure(t, phi, sigma, start.net().parameterCount()), dir);

        int n = start.net().parameterCount();
        ObjectNode o = Json.object();
        o.put("parameters", n);
        o.put("probes", probes);
        o.put("lanczos_steps", steps);
        Json.put(o, "bandwidth", sigma);
        Json.put(o, "zero_mass", 1 - slq.rangeMass());
        Json.array(o, "support", support);
        // tr H = N ∫t dφ: the density's own trace, with its standard error, to compare with sharpness --trace.
        Json.put(o, "trace_estimate", n * slq.moment(1));
        Json.put(o, "trace_standard_error", n * slq.momentStandardError(1));
        o.put("loss_convention", common.lossConvention().label());
        o.put("out", dir.toString());
        var w = spec.commandLine().getOut();
        if (common.json) {
            w.println(Json.write(o));
        } else {
            w.printf("spectral density of N = %d (%d probes × %d Lanczos steps, bandwidth %.3g, %s loss)%n", n,
                    probes, steps, sigma, common.lossConvention().label());
            w.printf("  nodes in [%.6g, %.6g], mass %.4g at 0 from the range's complement%n", support[0], support[1],
                    1 - slq.rangeMass());
            w.printf("  trace ≈ %.6g ± %.2g; wrote density.csv, density.png, density.svg, quadrature.csv to %s%n",
                    n * slq.moment(1), n * slq.momentStandardError(1), dir);
        }
        return 0;
    }

    /** The smoothed density on a log axis (outliers sit decades below the bulk), floored 8 decades under its peak. */
    private static FigureSpec figure(double[] t, double[] phi, double sigma, int n) {
        double peak = 0;
        for (double x : phi) {
            peak = Math.max(peak, x);
        }
        return new FigureSpec("density", "Hessian spectral density (SLQ, N = " + n + ")", "eigenvalue", "density",
                false, true, List.of(new FigureSpec.Series("SLQ, Gaussian bandwidth " + String.format("%.3g", sigma),
                t, phi, FigureSpec.Style.LINE, 0)),
                "Stochastic Lanczos quadrature of the Hessian's spectral density, smoothed by a Gaussian.",
                peak * 1e-8);
    }
}
