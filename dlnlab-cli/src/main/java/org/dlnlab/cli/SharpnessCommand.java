package org.dlnlab.cli;

import org.dlnlab.InvalidInputException;
import org.dlnlab.Json;
import org.dlnlab.RandomStreams;
import org.dlnlab.curvature.Hessian;
import org.dlnlab.curvature.Sharpness;
import org.dlnlab.curvature.SpectrumEstimate;
import org.dlnlab.curvature.TraceEstimate;
import org.dlnlab.data.Dataset;
import org.dlnlab.data.Problem;
import org.dlnlab.init.WeightsFile;
import org.dlnlab.objective.LinearChainObjective;
import org.dlnlab.objective.Objective;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "sharpness", mixinStandardHelpOptions = true,
        description = "Top (and bottom) Hessian eigenvalues of the risk at given weights or at an initialization, with"
                + " the residual, gap and HVP count that certify them; the Hessian's trace on request.")
final class SharpnessCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    NetworkOptions network;

    @Mixin
    SharpnessOptions sharpness;

    @Mixin
    RecordedData recorded;

    @Option(names = "--which", paramLabel = "largest|smallest|both", defaultValue = "largest",
            description = "Which end of the spectrum: the --top K largest eigenvalues, the K smallest (λ_min first),"
                    + " or both (default: ${DEFAULT-VALUE}).")
    String which;

    @Option(names = "--eigenvectors", paramLabel = "FILE.json|FILE.npz|FILE.safetensors",
            description = "Write the eigenvectors as per-layer matrices in the weights format of the extension: FILE"
                    + " when there is one vector, else FILE-largest-1, FILE-smallest-1, ... (before the extension)."
                    + " Default: none written.")
    String eigenvectors;

    @Option(names = "--trace", description = "Also report tr H (JSON key trace); implied by --trace-method.")
    boolean trace;

    @Option(names = "--trace-method", paramLabel = "exact|hutchinson[:PROBES]", defaultValue = "exact",
            description = "exact: the closed form of a linear net (no noise); hutchinson: the mean of zᵀHz over"
                    + " Rademacher probes (default " + TraceEstimate.DEFAULT_PROBES + ") with its standard error"
                    + " (default: ${DEFAULT-VALUE}).")
    String traceMethod;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        boolean largest = which.equals("largest") || which.equals("both");
        boolean smallest = which.equals("smallest") || which.equals("both");
        if (!largest && !smallest) {
            throw new InvalidInputException("--which: expected largest, smallest or both, got \"" + which + "\"");
        }
        int probes = hutchinsonProbes();
        boolean withTrace = trace || spec.commandLine().getParseResult().hasMatchedOption("--trace-method");
        WeightsFile.Format vectorFormat = eigenvectors == null ? null : format(eigenvectors);
        Sharpness.Options opts = sharpness.options();
        recorded.apply(spec, common, network.initSpec(), network.weightsLayout.layout());
        Dataset data = common.dataset();
        Problem problem = Problem.of(data);
        NetworkOptions.Start start = network.start(problem, common.seed);
        if (withTrace && probes == 0 && !start.linear()) {
            throw NonlinearNet.exactTraceRefused(start.activation());
        }
        Objective objective = Objective.of(start.net(), start.activation(), problem, data, common.lossConvention());
        Hessian h = objective.hessianAt(start.weights());
        SpectrumEstimate top = largest ? new Sharpness(opts, RandomStreams.of(common.seed, "sharpness")).at(h) : null;
        SpectrumEstimate bottom = smallest
                ? new Sharpness(opts, RandomStreams.of(common.seed, "sharpness-smallest")).smallestAt(h) : null;
        TraceEstimate tr = !withTrace ? null : probes == 0 ? TraceEstimate.exact(((LinearChainObjective) objective).hessianTrace())
                : TraceEstimate.hutchinson(h, probes, RandomStreams.of(common.seed, "trace"));

        ObjectNode o = Json.object();
        if (top != null) {
            Json.putSpectrum(o, top);
        }
        if (bottom != null) {
            Json.array(o, "smallest_eigenvalues", bottom.eigenvalues());
            Json.array(o, "smallest_residual_norms", bottom.residualNorms());
            Json.put(o, "smallest_gap", bottom.gap());
            o.put("smallest_hvps", bottom.hvps());
            o.put("smallest_converged", bottom.converged());
            o.put("method", bottom.method());
        }
        if (tr != null) {
            Json.put(o, "trace", tr.value());
            o.put("trace_method", tr.method());
            if (tr.probes() > 0) {
                Json.put(o, "trace_standard_error", tr.standardError());
                o.put("trace_probes", tr.probes());
            }
        }
        if (vectorFormat != null) {
            ArrayNode files = o.putArray("eigenvector_files");
            for (String f : writeEigenvectors(start, vectorFormat, top, bottom)) {
                files.add(f);
            }
        }
        o.put("loss_convention", common.lossConvention().label());
        o.put("parameters", start.net().parameterCount());
        Json.put(o, "loss", objective.setPoint(start.weights()));
        var out = spec.commandLine().getOut();
        if (common.json) {
            out.println(Json.write(o));
            return 0;
        }
        String method = top != null ? top.method() : bottom.method();
        out.printf("%s (%s, %s loss; N = %d)%n", top != null ? String.format("sharpness %.12g", top.top())
                : String.format("λ_min %.12g", bottom.top()), method, common.lossConvention().label(),
                start.net().parameterCount());
        if (top != null) {
            out.printf("  eigenvalues    %s%n", o.get("eigenvalues"));
            out.printf("  residual norms %s%n", o.get("residual_norms"));
            out.printf("  gap %s, %d HVPs, converged %s%n", o.get("gap"), top.hvps(), top.converged());
        }
        if (bottom != null) {
            out.printf("  smallest eigenvalues %s%n", o.get("smallest_eigenvalues"));
            out.printf("  residual norms       %s%n", o.get("smallest_residual_norms"));
            out.printf("  gap %s, %d HVPs, converged %s%n", o.get("smallest_gap"), bottom.hvps(),
                    bottom.converged());
        }
        if (tr != null) {
            out.printf("  trace %.12g (%s%s)%n", tr.value(), tr.method(), tr.probes() == 0 ? ""
                    : String.format(", standard error %.3g over %d probes", tr.standardError(), tr.probes()));
        }
        if (o.has("eigenvector_files")) {
            out.printf("  eigenvectors %s%n", o.get("eigenvector_files"));
        }
        return 0;
    }

    /** 0 for the exact trace, else the number of Hutchinson probes. */
    private int hutchinsonProbes() {
        if (traceMethod.equals("exact")) {
            return 0;
        }
        if (traceMethod.equals("hutchinson")) {
            return TraceEstimate.DEFAULT_PROBES;
        }
        if (traceMethod.startsWith("hutchinson:")) {
            String n = traceMethod.substring("hutchinson:".length());
            try {
                int probes = Integer.parseInt(n);
                if (probes >= 2) {
                    return probes;
                }
            } catch (NumberFormatException e) {
                // refused below
            }
            throw new InvalidInputException("--trace-method " + traceMethod + ": PROBES must be an integer ≥ 2"
                    + " (a standard error needs two)");
        }
        throw new InvalidInputException("--trace-method: expected exact or hutchinson[:PROBES], got \""
                + traceMethod + "\"");
    }

    private static WeightsFile.Format format(String file) {
        String name = Path.of(file).getFileName().toString();
        int dot = name.lastIndexOf('.');
        if (dot < 0) {
            throw new InvalidInputException("--eigenvectors " + file + ": needs the extension .json, .npz or"
                    + " .safetensors (it chooses the format)");
        }
        try {
            return WeightsFile.Format.parse(name.substring(dot + 1));
        } catch (InvalidInputException e) {
            throw new InvalidInputException("--eigenvectors " + file + ": unknown extension; expected .json, .npz or"
                    + " .safetensors");
        }
    }

    /** Writes each vector of the estimates as a weights file of the same net; returns the paths written. */
    private List<String> writeEigenvectors(NetworkOptions.Start start, WeightsFile.Format format,
                                           SpectrumEstimate top, SpectrumEstimate bottom) {
        List<String> ends = new ArrayList<>();
        List<double[]> vectors = new ArrayList<>();
        for (SpectrumEstimate e : new SpectrumEstimate[]{top, bottom}) {
            if (e == null) {
                continue;
            }
            for (int i = 0; i < e.vectors().length; i++) {
                ends.add((e == top ? "largest-" : "smallest-") + (i + 1));
                vectors.add(e.vectors()[i]);
            }
        }
        String stem = eigenvectors.substring(0, eigenvectors.length() - format.extension().length() - 1);
        List<String> files = new ArrayList<>();
        for (int i = 0; i < vectors.size(); i++) {
            String file = vectors.size() == 1 ? eigenvectors : stem + "-" + ends.get(i) + "." + format.extension();
            WeightsFile.write(Path.of(file), format, start.net(), vectors.get(i), null);
            files.add(file);
        }
        return files;
    }
}
