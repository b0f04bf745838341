package org.dlnlab.cli;

import org.dlnlab.Json;
import org.dlnlab.theory.Bounds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.ObjectNode;

import java.util.concurrent.Callable;

@Command(name = "bounds", mixinStandardHelpOptions = true,
        description = "The theory's constants for a data set and depth: λ, Λ, κ, a, ‖w*‖, the sharpness lower bound"
                + " 2La‖w*‖^{2−2/L}, the balanced minimizer's sharpness, the critical learning rate, the"
                + " small-init line 8LΛ‖w*‖^{2−2/L}.")
final class BoundsCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--depth", paramLabel = "L", required = true, description = "Number of layers L.")
    int depth;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Bounds b = Bounds.of(common.problem(), depth, common.lossConvention());
        ObjectNode o = Json.object();
        o.put("n", b.n());
        o.put("d", b.d());
        o.put("p", b.p());
        o.put("depth", b.depth());
        Json.put(o, "lambda_min", b.lambdaMin());
        Json.put(o, "lambda_max", b.lambdaMax());
        Json.put(o, "condition_number", b.conditionNumber());
        Json.put(o, "w_star_norm", b.wStarNorm());
        Json.put(o, "a", b.a());
        Json.put(o, "r_min", b.rMin());
        Json.put(o, "sharpness_lower_bound", b.sharpnessLowerBound());
        Json.put(o, "balanced_minimizer_sharpness", b.balancedMinimizerSharpness());
        Json.put(o, "balanced_upper_bound", b.balancedUpperBound());
        Json.put(o, "critical_learning_rate", b.criticalLearningRate());
        Json.put(o, "small_init_upper_line", b.smallInitUpperLine());
        o.put("loss_convention", b.loss().label());
        var notes = o.putArray("notes");
        if (b.lambdaMin() == 0) {
            notes.add("λ = 0 (n < d or rank-deficient X): κ and the small-init ratio 4Λ/λ are infinite, so the"
                    + " corollary's S/S_min ≤ 4Λ/λ no longer constrains anything; S_lb, S_bal, the critical learning"
                    + " rate and the 8LΛ line still apply, with W* the minimum-norm solution");
        }
        if (common.json) {
            spec.commandLine().getOut().println(Json.write(o));
        } else {
            var out = spec.commandLine().getOut();
            out.printf("data %s: n = %d, d = %d, depth L = %d, loss %s%n", common.data, b.n(), b.d(), b.depth(),
                    b.loss().label());
            o.properties().forEach(e -> {
                if (!e.getKey().equals("loss_convention") && !e.getKey().equals("notes")) {
                    out.printf("  %-30s %s%n", e.getKey(), e.getValue().isNull() ? "undefined" : e.getValue());
                }
            });
            notes.forEach(n -> out.println("note: " + n.asString()));
        }
        return 0;
    }
}
