package org.dlnlab.experiments.papers.gidel;

import org.dlnlab.experiments.analysis.Claim;
import org.dlnlab.experiments.report.FigureSpec;
import org.dlnlab.experiments.report.Fmt;
import org.dlnlab.experiments.spec.Grids;
import org.dlnlab.experiments.spec.RunConfig;
import org.dlnlab.theory.Modes;
import org.dlnlab.theory.TwoLayerModes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * G1: ‖E‖²_F and the trace norm against the rescaled time t/δ, for the linear model (one smooth rise) and the
 * two-layer network on autoencoder statistics (σ_i = λ_i), several δ, with the flow's closed form: steps at
 * t/δ = 1/(2σ_i), the trace norm climbing through 0, 1, 2, 3.
 */
final class G1Staircase extends GidelFamily.Samples {
    /** σ_i = λ_i: the autoencoder's statistics (up to a rotation of the outputs, which the modes do not see). */
    static final String DATA = "builtin:commuting:sigma=3,2,1:lambda=3,2,1:seed=1";

    static Config paper() {
        return new Config("g1", List.of(DATA), List.of(1, 2), "spectral", List.of(5.0, 10.0, 20.0), List.of(0.01), 1,
                0, 10);
    }

    static Config quick() {
        return new Config("g1", List.of(DATA), List.of(1, 2), "spectral", List.of(5.0, 10.0), List.of(0.02), 1, 0, 10);
    }

    G1Staircase(Config config) {
        super(config, "G1: the staircase of the trace norm (autoencoder statistics)");
    }

    @Override
    public List<RunConfig> runs() {
        // The linear model has no plateau to wait on: it runs as long as the two-layer network at the same δ.
        return super.runs().stream().map(r -> r.depth() == 1 ? new RunConfig(r.figure(), r.key(), r.data(), null, 1,
                r.width(), null, r.init(), r.scale(), r.learningRate(), GidelRun.stepsFor(r.data(), 2, r.scale(),
                r.learningRate()), r.rep(), 0) : r).toList();
    }

    @Override
    public List<FigureSpec> figures(List<ModeSample> rows) {
        Modes modes = Modes.of(GidelRun.problem(DATA));
        double[] sigma = modes.sigma();
        double[] lambda = modes.lambda();
        double largest = config.scales().get(config.scales().size() - 1);
        List<FigureSpec.Series> trace = new ArrayList<>();
        List<FigureSpec.Series> fro = new ArrayList<>();
        int color = 0;
        double xMax = 0;
        for (Map.Entry<String, List<ModeSample>> e : byRun(rows, ModeSample::runKey).entrySet()) {
            List<ModeSample> t = e.getValue();
            ModeSample first = t.get(0);
            double[] x = t.stream().mapToDouble(r -> r.time() / r.scale()).toArray();
            xMax = Math.max(xMax, x[x.length - 1]);
            String label = (first.depth() == 1 ? "linear" : "two layers") + ", δ = " + Grids.key(first.scale());
            FigureSpec.Style style = first.depth() == 1 ? FigureSpec.Style.DOTTED : FigureSpec.Style.LINE;
            trace.add(new FigureSpec.Series(label, x, t.stream().mapToDouble(ModeSample::traceNorm).toArray(), style,
                    color));
            fro.add(new FigureSpec.Series(label, x, t.stream().mapToDouble(ModeSample::frobeniusSq).toArray(), style,
                    color));
            color++;
        }
        // The flow's closed form of the two-layer network at the largest δ: E = U diag(w) Vᵀ, so ‖E‖_* = Σ w_i.
        int points = 400;
        double[] x = new double[points + 1];
        double[] tn = new double[points + 1];
        double[] fs = new double[points + 1];
        for (int k = 0; k <= points; k++) {
            x[k] = xMax * k / points;
            for (int i = 0; i < sigma.length; i++) {
                double w = TwoLayerModes.twoLayerFlow(sigma[i], lambda[i], Math.exp(-largest), x[k] * largest);
                tn[k] += w;
                fs[k] += w * w;
            }
        }
        trace.add(new FigureSpec.Series("flow, closed form, δ = " + Grids.key(largest), x, tn,
                FigureSpec.Style.DASHED, -1));
        fro.add(new FigureSpec.Series("flow, closed form, δ = " + Grids.key(largest), x, fs, FigureSpec.Style.DASHED,
                -1));
        for (double s : sigma) {
            trace.add(FigureSpec.vertical("t/δ = 1/(2σ) = " + Fmt.g(1 / (2 * s)), 1 / (2 * s), 0, sigma.length,
                    FigureSpec.Style.DOTTED, -1));
        }
        String caption = "GD with η = " + Grids.key(config.rates().get(0)) + " from the spectral init e^{−δ}, time"
                + " t = ηk; dotted colour lines: the linear model E trained directly; dashed: the two-layer flow's"
                + " closed form; vertical lines at t/δ = 1/(2σ_i). Half-mse.";
        return List.of(new FigureSpec("g1_trace_norm", "G1: trace norm ‖E‖_* against t/δ", "t/δ", "‖E‖_*", false,
                        false, trace, caption),
                new FigureSpec("g1_frobenius", "G1: ‖E‖²_F against t/δ", "t/δ", "‖E‖²_F", false, false, fro,
                        caption));
    }

    @Override
    public List<Claim> claims(List<ModeSample> rows) {
        Modes modes = Modes.of(GidelRun.problem(DATA));
        double largest = config.scales().get(config.scales().size() - 1);
        List<ModeSample> run = rows.stream().filter(r -> r.depth() == 2 && r.scale() == largest).toList();
        return List.of(integers(run, modes.sigma(), largest));
    }

    /**
     * The trace norm climbs through the integers: on autoencoder statistics each plateau σ_i/λ_i is 1, so midway
     * between the switch-on times 1/(2σ_i) (and before the first, and at the end) ‖E‖_* is within 0.1 of 0, 1, 2, …
     */
    static Claim integers(List<ModeSample> run, double[] sigma, double delta) {
        double[] switchOn = new double[sigma.length];
        for (int i = 0; i < sigma.length; i++) {
            switchOn[i] = 1 / (2 * sigma[i]);
        }
        double worst = 0;
        StringBuilder detail = new StringBuilder();
        boolean complete = !run.isEmpty();
        for (int level = 0; level <= sigma.length && complete; level++) {
            double at = level == 0 ? switchOn[0] / 2 : level == sigma.length
                    ? run.get(run.size() - 1).time() / delta : (switchOn[level - 1] + switchOn[level]) / 2;
            ModeSample nearest = run.get(0);
            for (ModeSample r : run) {
                if (Math.abs(r.time() / delta - at) < Math.abs(nearest.time() / delta - at)) {
                    nearest = r;
                }
            }
            worst = Math.max(worst, Math.abs(nearest.traceNorm() - level));
            detail.append(detail.length() > 0 ? ", " : "").append(Fmt.g(nearest.traceNorm())).append(" at t/δ = ")
                    .append(Fmt.g(nearest.time() / delta));
        }
        Claim.Verdict v = !complete ? Claim.Verdict.UNDETERMINED : worst <= 0.1 ? Claim.Verdict.AGREES
                : Claim.Verdict.DISAGREES;
        return new Claim("g1_trace_norm_integers", "G1: on autoencoder statistics the plateaus are the reduced-rank"
                + " solutions and the trace norm climbs through 0, 1, 2, …", "‖E‖_* = 0, 1, 2, 3 between the"
                + " switch-ons", "two layers, δ = " + Grids.key(delta) + ": " + detail, worst, v, "agrees when before"
                + " the first switch-on, midway between consecutive ones and at the end ‖E‖_* is within 0.1 of 0, 1,"
                + " 2, …; else disagrees");
    }
}
