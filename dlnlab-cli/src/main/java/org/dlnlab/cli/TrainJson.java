package org.dlnlab.cli;

import org.dlnlab.Json;
import org.dlnlab.train.TrainResult;
import tools.jackson.databind.node.ObjectNode;

/** The JSON keys every {@code train} optimizer reports about the end of its run. */
final class TrainJson {
    private TrainJson() {
    }

    /** settings, final values, divergence, stop reason and steps (docs/cli.md, train). */
    static ObjectNode result(ObjectNode record, TrainResult r) {
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
        return o;
    }
}
