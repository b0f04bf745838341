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
 * G6: depth 2, 3 and 4 on the same whitened data, each from its own δ (config.scales, one per depth), against each
 * depth's rescaled time t/T_L(δ) (T_2 = δ; T_L = e^{δ(1−2/L)}/(L − 2)): mode i switches on near 1/(2σ_i) at L = 2,
 * near 1/σ_i at L ≥ 3 (Saxe et al.'s balanced equations).
 */
final class G6Depth extends GidelFamily.Samples {
    static Config paper() {
        return new Config("g6", List.of(G2Discrete.DATA), List.of(2, 3, 4), "spectral", List.of(12.0, 6.0, 6.0),
                List.of(0.01), 1, 0, 2);
    }

    G6Depth(Config config) {
        super(config, "G6: depth 2, 3, 4 against each depth's rescaled time");
    }

    /** One run per depth, each with its own δ. */
    @Override
    public List<RunConfig> runs() {
        List<RunConfig> all = super.runs();
        List<RunConfig> out = new ArrayList<>();
        for (int j = 0; j < config.depths().size(); j++) {
            int depth = config.depths().get(j);
            double delta = config.scales().get(j);
            all.stream().filter(r -> r.depth() == depth && r.scale() == delta).findFirst().ifPresent(out::add);
        }
        return out;
    }

    @Override
    public List<FigureSpec> figures(List<ModeSample> rows) {
        Modes modes = Modes.of(GidelRun.problem(G2Discrete.DATA));
        double[] sigma = modes.sigma();
        List<FigureSpec.Series> s = new ArrayList<>();
        for (Map.Entry<String, List<ModeSample>> e : byRun(rows, ModeSample::runKey).entrySet()) {
            List<ModeSample> t = e.getValue();
            ModeSample first = t.get(0);
            double scale = TwoLayerModes.timeScale(first.depth(), first.scale());
            double[] x = t.stream().mapToDouble(r -> r.time() / scale).toArray();
            FigureSpec.Style[] styles = {FigureSpec.Style.LINE, FigureSpec.Style.DASHED, FigureSpec.Style.DOTTED};
            for (int i = 0; i < sigma.length; i++) {
                int mode = i;
                s.add(new FigureSpec.Series("L = " + first.depth() + ", mode " + (i + 1), x, t.stream()
                        .mapToDouble(r -> r.mode(mode) / (sigma[mode] / modes.lambda()[mode])).toArray(), styles[i],
                        first.depth() - 2));
            }
        }
        return List.of(new FigureSpec("g6_depth", "G6: the staircase at depth 2, 3, 4 in rescaled time",
                "t / T_L(δ)", "w_i / (σ_i/λ_i)", true, false, s, "Whitened data σ = 3, 2, 1; GD with η = "
                + Grids.key(config.rates().get(0)) + " (t = ηk) from the spectral init of δ = " + config.scales()
                .stream().map(Grids::key).toList() + " for L = " + config.depths() + "; T_2 = δ, T_L = e^{δ(1−2/L)}/(L"
                + " − 2). Predicted switch-on: 1/(2σ_i) at L = 2, near 1/σ_i at L ≥ 3. Half-mse."));
    }

    @Override
    public List<Claim> claims(List<ModeSample> rows) {
        Modes modes = Modes.of(GidelRun.problem(G2Discrete.DATA));
        return List.of(rescaled(rows, modes.sigma(), modes.lambda()));
    }

    /**
     * Each mode's measured switch-on time t = ηk against the balanced flow's exact time from e^{−δ}, and in σ order;
     * the rescaled times against their limits are reported with it.
     */
    static Claim rescaled(List<ModeSample> rows, double[] sigma, double[] lambda) {
        double worst = 0;
        boolean ordered = true;
        boolean complete = !rows.isEmpty();
        StringBuilder detail = new StringBuilder();
        for (List<ModeSample> t : byRun(rows, ModeSample::runKey).values()) {
            ModeSample first = t.get(0);
            double scale = TwoLayerModes.timeScale(first.depth(), first.scale());
            double previous = -1;
            detail.append(detail.length() > 0 ? "; " : "").append("L = ").append(first.depth()).append(':');
            for (int i = 0; i < sigma.length; i++) {
                int mode = i;
                double threshold = sigma[i] / (2 * lambda[i]);
                ModeSample on = t.stream().filter(r -> r.mode(mode) >= threshold).findFirst().orElse(null);
                if (on == null) {
                    complete = false;
                    continue;
                }
                double exact = TwoLayerModes.switchOnTimeFlow(first.depth(), sigma[i], lambda[i],
                        Math.exp(-first.scale()));
                worst = Math.max(worst, Math.abs(on.time() - exact) / exact);
                ordered &= on.time() > previous;
                previous = on.time();
                detail.append(" t/T_L = ").append(Fmt.g(on.time() / scale)).append(" (limit ")
                        .append(Fmt.g(TwoLayerModes.switchOnFlowRescaled(first.depth(), sigma[i]))).append(')');
            }
        }
        Claim.Verdict v = !complete ? Claim.Verdict.UNDETERMINED : worst <= 0.05 && ordered ? Claim.Verdict.AGREES
                : Claim.Verdict.DISAGREES;
        return new Claim("g6_depth_rescaled", "G6: deeper balanced networks learn the modes in σ order, mode i near"
                + " t/T_L(δ) = 1/σ_i (Saxe et al.)", "t/T_L → 1/σ_i (L ≥ 3), t/δ → 1/(2σ_i) (L = 2)", detail
                + "; largest gap to the balanced flow's exact switch-on time: " + Fmt.pct(worst), worst, v,
                "agrees when at every depth the modes switch on in σ order and each within 5% of the balanced"
                        + " flow's exact switch-on time from e^{−δ}; undetermined when one never switches on; else"
                        + " disagrees");
    }
}
