package org.dlnlab.cli;

import org.dlnlab.Json;
import org.dlnlab.data.Problem;
import org.dlnlab.init.Initialization;
import org.dlnlab.model.DeepLinearNet;
import org.dlnlab.objective.LossConvention;
import org.dlnlab.theory.Modes;
import org.dlnlab.theory.TwoLayerModes;
import org.dlnlab.train.StepRecord;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code --track modes:K}: the strengths w_i = u_iᵀEv_i of the m = min(d, p) modes of Σ_xy, the off-diagonal mass of
 * UᵀEV and the distances ‖E − W_RRR(r)‖_F, r = 1..m, at every K-th row (columns {@code mode_i},
 * {@code off_diagonal_mass}, {@code rrr_distance_r}); and for the JSON each mode's switch-on (the first sampled
 * point with w_i ≥ σ_i/(2λ_i)) beside the theory's predictions (docs/formulas.md §6, half-mse; under mse they take
 * 2η and 2t). The columns are computed on the trajectory writer's thread.
 */
final class ModeTracker {
    /** Steps the predicted switch-on is searched over: far beyond any run this command takes. */
    private static final int RECURRENCE_LIMIT = 100_000_000;
    private final Modes modes;
    private final DeepLinearNet net;
    private final int every;
    private final int count;
    private final int[] switchOnStep;
    private final double[] switchOnTime;
    private double[] initial;
    private double[] last;

    /** @param every sample at rows whose step (flow: sample index) is a multiple of this */
    ModeTracker(Problem problem, DeepLinearNet net, int every) {
        this.modes = Modes.of(problem);
        this.net = net;
        this.every = every;
        this.count = modes.count();
        switchOnStep = new int[count];
        switchOnTime = new double[count];
        java.util.Arrays.fill(switchOnStep, -1);
    }

    /** The header cells this adds, each after a comma. */
    String header() {
        StringBuilder h = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            h.append(",mode_").append(i);
        }
        h.append(",off_diagonal_mass");
        for (int r = 1; r <= count; r++) {
            h.append(",rrr_distance_").append(r);
        }
        return h.toString();
    }

    /** The number of cells per row. */
    int cells() {
        return 2 * count + 1;
    }

    boolean samples(StepRecord r) {
        return r.weights() != null && r.step() % every == 0;
    }

    /** The row's cells (null where the row is not sampled), noting switch-ons; on the writer thread, in step order. */
    double[] row(StepRecord r) {
        if (!samples(r)) {
            return null;
        }
        double[] e = Modes.endToEnd(net, r.weights());
        if (initial == null) {
            initial = e;
        }
        last = e;
        double[] w = modes.strengths(e);
        double[] out = new double[cells()];
        for (int i = 0; i < count; i++) {
            out[i] = w[i];
            if (switchOnStep[i] < 0 && w[i] >= modes.threshold(i)) {
                switchOnStep[i] = r.step();
                switchOnTime[i] = r.time();
            }
        }
        out[count] = modes.offDiagonalMass(e);
        for (int rank = 1; rank <= count; rank++) {
            out[count + rank] = modes.distanceToReducedRank(e, rank);
        }
        return out;
    }

    /**
     * The JSON's {@code modes} object: δ, each mode's measured switch-on beside the predictions, and the plateaus and
     * reduced-rank solutions with their losses. Called after the writer has closed.
     *
     * @param eta the step of GD, or null for another optimizer (no GD predictions then)
     */
    ObjectNode json(Problem problem, Initialization init, LossConvention loss, Double eta) {
        ObjectNode o = Json.object();
        o.put("sampled_every", every);
        o.put("loss_convention", loss.label());
        o.put("prediction_step_note", "the formulas are half-mse's; under mse they take 2η and 2t");
        Json.put(o, "commutator_norm", modes.commutatorNorm());
        double delta;
        if (init instanceof Initialization.Spectral s) {
            delta = s.delta();
            o.put("delta_source", "spectral");
        } else {
            delta = initial == null ? Double.NaN : modes.effectiveDelta(initial);
            o.put("delta_source", "effective: −ln σ_max(E(0))");
        }
        Json.put(o, "delta", delta);
        int depth = net.depth();
        double scale = depth >= 2 && delta > 0 ? TwoLayerModes.timeScale(depth, delta) : Double.NaN;
        Json.put(o, "time_scale", scale);
        double[] sigma = modes.sigma();
        double[] lambda = modes.lambda();
        double[] w0 = initial == null ? new double[count] : modes.strengths(initial);
        ArrayNode list = o.putArray("modes");
        for (int i = 0; i < count; i++) {
            ObjectNode m = list.addObject();
            m.put("mode", i + 1);
            Json.put(m, "sigma", sigma[i]);
            Json.put(m, "lambda", lambda[i]);
            Json.put(m, "threshold", modes.threshold(i));
            Json.put(m, "initial_strength", w0[i]);
            boolean on = switchOnStep[i] >= 0;
            if (on) {
                m.put("switch_on_step", switchOnStep[i]);
            } else {
                m.putNull("switch_on_step");
            }
            double t = on ? loss.halfMseStep(switchOnTime[i]) : Double.NaN;
            Json.put(m, "switch_on_time", t);
            Json.put(m, "rescaled_time", t / scale);
            Json.put(m, "predicted_rescaled_time_flow", depth >= 2 ? TwoLayerModes.switchOnFlowRescaled(depth,
                    sigma[i]) : Double.NaN);
            boolean startsBelow = w0[i] > 0 && w0[i] < modes.threshold(i);
            Json.put(m, "predicted_time_flow", startsBelow ? TwoLayerModes.switchOnTimeFlow(depth, sigma[i],
                    lambda[i], w0[i]) : Double.NaN);
            if (eta != null) {
                double step = loss.halfMseStep(eta);
                Json.put(m, "rescaled_step", on ? switchOnStep[i] / delta : Double.NaN);
                Json.put(m, "predicted_rescaled_step_gd", depth == 2 ? TwoLayerModes.switchOnGd(sigma[i], step)
                        : Double.NaN);
                int predicted = startsBelow ? TwoLayerModes.switchOnStep(depth, sigma[i], lambda[i], step, w0[i],
                        RECURRENCE_LIMIT) : -1;
                if (predicted >= 0) {
                    m.put("predicted_step_recurrence", predicted);
                } else {
                    m.putNull("predicted_step_recurrence");
                }
            }
        }
        ArrayNode ranks = o.putArray("reduced_rank");
        for (int r = 0; r <= modes.count(); r++) {
            ObjectNode x = ranks.addObject();
            x.put("rank", r);
            Json.put(x, "rrr_loss", Modes.risk(problem, loss, modes.reducedRank(r)));
            double[] plateau = modes.plateau(r);
            Json.put(x, "plateau_loss", Modes.risk(problem, loss, plateau));
            Json.put(x, "plateau_rrr_distance", Modes.distance(plateau, modes.reducedRank(r)));
            Json.put(x, "final_rrr_distance", last == null ? Double.NaN : modes.distanceToReducedRank(last, r));
        }
        return o;
    }

    /** The switch-ons in words, for the text output. */
    static void print(java.io.PrintWriter out, ObjectNode report) {
        out.printf("modes (δ = %.6g, %s; predictions in half-mse's formulas, %s loss):%n",
                report.get("delta").asDouble(), report.get("delta_source").asString(),
                report.get("loss_convention").asString());
        for (var m : report.get("modes")) {
            var step = m.get("switch_on_step");
            String gd = m.has("rescaled_step") ? String.format(java.util.Locale.ROOT,
                    "k/δ = %.4g (GD's limit %.4g), ", m.get("rescaled_step").asDouble(),
                    m.get("predicted_rescaled_step_gd").asDouble()) : "";
            out.printf(java.util.Locale.ROOT, "  mode %d (σ = %.6g, λ = %.6g): %s%n", m.get("mode").asInt(),
                    m.get("sigma").asDouble(), m.get("lambda").asDouble(), step.isNull() ? "not switched on"
                            : String.format(java.util.Locale.ROOT, "switched on at %d: %srescaled time %.4g (the"
                                    + " flow's limit %.4g)", step.asInt(), gd, m.get("rescaled_time").asDouble(),
                            m.get("predicted_rescaled_time_flow").asDouble()));
        }
    }
}
