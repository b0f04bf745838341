package org.dlnlab.cli;

import org.dlnlab.Json;
import org.dlnlab.RandomStreams;
import org.dlnlab.curvature.Sharpness;
import org.dlnlab.curvature.SpectrumEstimate;
import org.dlnlab.data.Problem;
import org.dlnlab.init.WeightsFile;
import org.dlnlab.init.WeightsJson;
import org.dlnlab.model.Activation;
import org.dlnlab.model.StandardActivation;
import org.dlnlab.objective.LinearChainObjective;
import org.dlnlab.objective.Objective;
import org.dlnlab.theory.Bounds;
import org.dlnlab.theory.SmallInitCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Check the small-initialization corollary on trained weights: rank one, low norm, aligned,"
                + " 1 ≤ S/S_min ≤ 4Λ/λ — each as holds, fails or undetermined with the measured numbers.")
final class CheckCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    SharpnessOptions sharpness;

    @Option(names = "--weights", paramLabel = "W.json|W.npz|W.safetensors", required = true,
            description = "Trained weights.")
    String weights;

    @Mixin
    WeightsLayoutOption weightsLayout;

    @Mixin
    ActivationOption activation;

    @Mixin
    CheckOptions tolerances;

    @Mixin
    RecordedData recorded;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Sharpness.Options opts = sharpness.options();
        recorded.apply(spec, common, "file:" + weights, weightsLayout.layout());
        Problem problem = common.problem();
        WeightsJson.Loaded loaded = WeightsFile.read(Path.of(weights), weightsLayout.layout());
        Activation sigma = activation.forWeights(Path.of(weights), Provenance.recordedActivation(loaded.provenance()));
        if (sigma != StandardActivation.LINEAR) {
            throw NonlinearNet.checkRefused(sigma);
        }
        if (loaded.net().inputs() != problem.d() || loaded.net().outputs() != problem.p()) {
            throw new org.dlnlab.InvalidInputException(weights + ": maps " + loaded.net().inputs() + " inputs to "
                    + loaded.net().outputs() + " outputs, the data has d = " + problem.d() + ", p = " + problem.p());
        }
        Objective objective = new LinearChainObjective(loaded.net(), problem, common.lossConvention());
        SpectrumEstimate s = new Sharpness(opts, RandomStreams.of(common.seed, "sharpness")).at(
                objective.hessianAt(loaded.parameters()));
        Bounds bounds = Bounds.of(problem, loaded.net().depth(), common.lossConvention());
        List<SmallInitCheck.Claim> claims = tolerances.check().check(loaded.net(), loaded.parameters(), bounds,
                s.top(), objective.sqDistance());
        ObjectNode o = Json.object();
        Json.put(o, "sharpness", s.top());
        Json.put(o, "sharpness_residual", s.topResidual());
        Json.put(o, "sq_distance", objective.sqDistance());
        Json.put(o, "sharpness_lower_bound", bounds.sharpnessLowerBound());
        Json.put(o, "balanced_minimizer_sharpness", bounds.balancedMinimizerSharpness());
        o.put("loss_convention", common.lossConvention().label());
        TheoryJson.put(o, "claims", claims);
        if (common.json) {
            spec.commandLine().getOut().println(Json.write(o));
        } else {
            var out = spec.commandLine().getOut();
            out.printf("sharpness %.10g (S_lb %.6g, S_bal %.6g, %s loss), squared distance %.3g%n", s.top(),
                    bounds.sharpnessLowerBound(), bounds.balancedMinimizerSharpness(), common.lossConvention().label(),
                    objective.sqDistance());
            TheoryJson.print(out, claims);
        }
        return 0;
    }
}
