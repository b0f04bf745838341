package org.dlnlab.bench;

import org.dlnlab.Json;
import org.dlnlab.RandomStreams;
import org.dlnlab.curvature.DenseSpectrum;
import org.dlnlab.curvature.Sharpness;
import org.dlnlab.curvature.SpectrumEstimate;
import org.dlnlab.data.Problem;
import org.dlnlab.model.DeepLinearNet;
import org.dlnlab.objective.DenseHessian;
import org.dlnlab.objective.LossConvention;
import org.dlnlab.objective.Objective;
import org.dlnlab.train.Trainer;
import org.dlnlab.train.TrainResult;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One of the paper's trained nets: its dense top eigenvalue against the authors' 20-step power iteration and
 * checked Lanczos (cold, and warm-started along the run as {@code train --track sharpness:5} does).
 */
final class SharpnessCheck {
    /** Init scale s, learning rate η and steps of the trained nets. */
    private static final double[][] SETTINGS = {{0.25, 0.02, 10_000}, {0.35, 0.02, 10_000}, {0.5, 0.02, 10_000},
            {0.25, 0.1, 4000}, {0.35, 0.1, 4000}, {0.5, 0.1, 4000}};

    double s;
    double eta;
    int steps;
    boolean diverged;
    double dense;
    double power;
    double powerResidual;
    double lanczos;
    double lanczosResidual;
    int lanczosHvps;
    boolean lanczosConverged;
    double warmMeanHvps;
    double warmMaxHvps;

    void put(ObjectNode o) {
        o.put("init_scale", s);
        o.put("learning_rate", eta);
        o.put("steps", steps);
        o.put("diverged", diverged);
        if (diverged) {
            return;
        }
        Json.put(o, "dense_lambda_max", dense);
        Json.put(o, "power20", power);
        Json.put(o, "power20_relative_error", Math.abs(power - dense) / Math.abs(dense));
        Json.put(o, "power20_residual", powerResidual);
        o.put("power20_hvps", PaperWorkload.POWER_ITERS);
        Json.put(o, "lanczos", lanczos);
        Json.put(o, "lanczos_relative_error", Math.abs(lanczos - dense) / Math.abs(dense));
        Json.put(o, "lanczos_residual", lanczosResidual);
        o.put("lanczos_hvps_cold", lanczosHvps);
        o.put("lanczos_converged", lanczosConverged);
        Json.put(o, "lanczos_hvps_warm_mean_along_run", warmMeanHvps);
        Json.put(o, "lanczos_hvps_warm_max_along_run", warmMaxHvps);
    }

    /** Trains each of the settings' nets and checks its sharpness. */
    static List<SharpnessCheck> runAll(Timer timer) {
        Problem problem = Fixtures.paperProblem();
        DeepLinearNet net = Fixtures.paperNet();
        List<SharpnessCheck> out = new ArrayList<>();
        for (double[] st : SETTINGS) {
            SharpnessCheck c = new SharpnessCheck();
            c.s = st[0];
            c.eta = st[1];
            c.steps = (int) st[2];
            double[] w = PaperWorkload.paperInit(net, problem, c.s, 0);
            Objective o = Fixtures.objective(net, problem);
            // Along the run: warm-started checked Lanczos every 5 steps, as `train --track sharpness:5` does.
            Sharpness tracker = new Sharpness(Sharpness.Options.defaults(), RandomStreams.of(0, "sharpness"));
            List<Integer> hvps = new ArrayList<>();
            TrainResult r = Trainer.gradientDescent(c.eta, c.steps, 5).run(o, w, tracker, rec -> {
                if (rec.sharpness() != null) {
                    hvps.add(rec.sharpness().hvps());
                }
            });
            c.diverged = r.diverged();
            if (!c.diverged) {
                c.warmMeanHvps = hvps.stream().mapToInt(Integer::intValue).average().orElse(Double.NaN);
                c.warmMaxHvps = hvps.stream().mapToInt(Integer::intValue).max().orElse(-1);
                double[] wt = r.weights();
                c.dense = DenseSpectrum.top(DenseHessian.compute(net, problem, LossConvention.MSE, wt), 1).top();
                SpectrumEstimate p = new Sharpness(PaperWorkload.power20(), RandomStreams.of(1, "power")).at(o.hessianAt(wt));
                c.power = p.top();
                c.powerResidual = p.topResidual();
                SpectrumEstimate l = new Sharpness(Sharpness.Options.defaults(), RandomStreams.of(1, "lanczos"))
                        .at(o.hessianAt(wt));
                c.lanczos = l.top();
                c.lanczosResidual = l.topResidual();
                c.lanczosHvps = l.hvps();
                c.lanczosConverged = l.converged();
            }
            timer.progress("trained net s = %.2f, η = %.2f: %s", c.s, c.eta, c.diverged ? "diverged" : String.format(
                    Locale.ROOT, "dense %.10g, power(20) error %.1e, Lanczos %d HVPs (warm mean %.1f) error %.1e",
                    c.dense, Math.abs(c.power - c.dense) / c.dense, c.lanczosHvps, c.warmMeanHvps,
                    Math.abs(c.lanczos - c.dense) / c.dense));
            out.add(c);
        }
        return out;
    }
}
