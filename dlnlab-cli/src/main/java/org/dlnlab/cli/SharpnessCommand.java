package org.dlnlab.cli;

import org.dlnlab.Json;
import org.dlnlab.RandomStreams;
import org.dlnlab.curvature.Sharpness;
import org.dlnlab.curvature.SpectrumEstimate;
import org.dlnlab.data.Problem;
import org.dlnlab.objective.LinearChainObjective;
import org.dlnlab.objective.Objective;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.ObjectNode;

import java.util.concurrent.Callable;

@Command(name = "sharpness", mixinStandardHelpOptions = true,
        description = "Top Hessian eigenvalue(s) of the risk at given weights or at an initialization, with the"
                + " residual, gap and HVP count that certify it.")
final class SharpnessCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    NetworkOptions network;

    @Mixin
    SharpnessOptions sharpness;

    @Option(names = "--weights", paramLabel = "W.json|W.npz|W.safetensors",
            description = "Weights file (same as --init file:W.json); JSON, NumPy .npz or .safetensors.")
    String weights;

    @Option(names = "--ignore-recorded", description = "Use the typed --data, --target(s), --standardize and --loss"
            + " even where they contradict what the weights file records.")
    boolean ignoreRecorded;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (weights != null) {
            network.init = "file:" + weights;
        }
        Sharpness.Options opts = sharpness.options();
        if (org.dlnlab.init.Initialization.parse(network.init) instanceof org.dlnlab.init.Initialization.FromFile file) {
            Provenance.useRecordedData(spec, common, file.path(), network.weightsLayout.layout(), ignoreRecorded);
        }
        Problem problem = common.problem();
        NetworkOptions.Start start = network.start(problem, common.seed);
        Objective objective = new LinearChainObjective(start.net(), problem, common.lossConvention());
        SpectrumEstimate e = new Sharpness(opts, RandomStreams.of(common.seed, "sharpness")).at(
                objective.hessianAt(start.weights()));
        ObjectNode o = Json.object();
        Json.putSpectrum(o, e);
        o.put("loss_convention", common.lossConvention().label());
        o.put("parameters", start.net().parameterCount());
        Json.put(o, "loss", objective.setPoint(start.weights()));
        if (common.json) {
            spec.commandLine().getOut().println(Json.write(o));
        } else {
            var out = spec.commandLine().getOut();
            out.printf("sharpness %.12g (%s, %s loss; N = %d)%n", e.top(), e.method(), o.get("loss_convention")
                    .asString(), start.net().parameterCount());
            out.printf("  eigenvalues    %s%n", o.get("eigenvalues"));
            out.printf("  residual norms %s%n", o.get("residual_norms"));
            out.printf("  gap %s, %d HVPs, converged %s%n", o.get("gap"), e.hvps(), e.converged());
        }
        return 0;
    }
}
