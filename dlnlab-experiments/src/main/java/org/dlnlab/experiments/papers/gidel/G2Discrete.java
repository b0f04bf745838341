package org.dlnlab.experiments.papers.gidel;

import org.dlnlab.experiments.analysis.Claim;
import org.dlnlab.experiments.report.FigureSpec;
import org.dlnlab.experiments.report.Fmt;
import org.dlnlab.experiments.report.Plots;
import org.dlnlab.experiments.report.Report;
import org.dlnlab.experiments.spec.Grids;
import org.dlnlab.experiments.spec.RunConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * G2, discrete against continuous: on whitened commuting data, the switch-on step k_i/δ of each mode against δ for
 * several η, beside GD's limit 1/(2 ln(1 + ησ_i)) and the flow's 1/(2ησ_i) in the same units (steps per δ).
 */
final class G2Discrete extends GidelFamily.SwitchOns {
    static final String DATA = "builtin:commuting:sigma=3,2,1:seed=1";

    static Config paper() {
        return new Config("g2", List.of(DATA), List.of(2), "spectral", List.of(5.0, 10.0, 20.0, 40.0, 80.0, 160.0),
                List.of(0.02, 0.1, 0.25), 1, 0, 0);
    }

    static Config quick() {
        return new Config("g2", List.of(DATA), List.of(2), "spectral", List.of(10.0, 40.0), List.of(0.1, 0.25), 1, 0,
                0);
    }

    G2Discrete(Config config) {
        super(config, "G2: discrete against continuous switch-on times");
    }

    @Override
    public List<FigureSpec> figures(List<SwitchOn> rows) {
        List<FigureSpec> out = new ArrayList<>();
        double lo = config.scales().get(0);
        double hi = config.scales().get(config.scales().size() - 1);
        for (Map.Entry<Integer, List<SwitchOn>> byMode : Plots.group(rows, SwitchOn::mode).entrySet()) {
            List<FigureSpec.Series> s = new ArrayList<>();
            int color = 0;
            double sigma = Double.NaN;
            for (Map.Entry<Double, List<SwitchOn>> e : Plots.group(byMode.getValue(), SwitchOn::learningRate)
                    .entrySet()) {
                double eta = e.getKey();
                List<SwitchOn> on = e.getValue().stream().filter(r -> r.step() != null).toList();
                sigma = e.getValue().get(0).sigma();
                s.add(new FigureSpec.Series("measured, η = " + Grids.key(eta), on.stream().mapToDouble(SwitchOn::delta)
                        .toArray(), on.stream().mapToDouble(r -> r.step() / r.delta()).toArray(),
                        FigureSpec.Style.LINE_MARKERS, color));
                s.add(FigureSpec.horizontal("GD limit 1/(2 ln(1 + ησ))", e.getValue().get(0).limitGd(), lo, hi,
                        FigureSpec.Style.DASHED, color));
                s.add(FigureSpec.horizontal("flow 1/(2ησ)", e.getValue().get(0).limitFlow() / eta, lo, hi,
                        FigureSpec.Style.DOTTED, color));
                color++;
            }
            out.add(new FigureSpec("g2_mode" + byMode.getKey(), "G2: switch-on of mode " + byMode.getKey() + " (σ = "
                    + Fmt.g(sigma) + "), GD against the flow", "δ (init e^{−δ})", "switch-on step k/δ", true, true, s,
                    "Measured k/δ (first step with w ≥ σ/(2λ)) from the spectral init e^{−δ}; dashed: GD's limit as"
                            + " δ → ∞; dotted: the flow's t/δ = 1/(2σ) in steps of η. Half-mse."));
        }
        return out;
    }

    /** The switch-on steps per δ and η, against GD's recurrence and both limits (steps). */
    @Override
    public List<Report.Table> tables(List<SwitchOn> rows) {
        List<List<String>> cells = new ArrayList<>();
        for (SwitchOn r : rows) {
            cells.add(List.of(Grids.key(r.delta()), Grids.key(r.learningRate()), Integer.toString(r.mode()),
                    Fmt.g(r.sigma()), r.step() == null ? "–" : Integer.toString(r.step()), Fmt.g(r.predictedStep()),
                    r.step() == null ? "–" : Fmt.g(r.step() / r.delta()), Fmt.g(r.limitGd()),
                    Fmt.g(r.limitFlow() / r.learningRate())));
        }
        return List.of(new Report.Table("G2: measured switch-on steps k against the exact per-mode recurrence, and"
                + " k/δ against GD's limit 1/(2 ln(1 + ησ)) and the flow's 1/(2ησ) (in steps per δ)",
                List.of("δ", "η", "mode", "σ", "k measured", "k recurrence", "k/δ", "GD limit", "flow"), cells));
    }

    @Override
    public List<Claim> claims(List<SwitchOn> rows) {
        return List.of(gdLimit(rows), flowLimit(rows), SigmaOrder.claim("g2_sigma_order", "G2", rows),
                plateaus(rows));
    }

    /** On whitened data every plateau is the reduced-rank solution of its rank: the runs pass within 0.01 of each. */
    static Claim plateaus(List<SwitchOn> rows) {
        double largest = rows.stream().mapToDouble(SwitchOn::delta).max().orElse(Double.NaN);
        double worst = rows.stream().filter(r -> r.delta() == largest).mapToDouble(SwitchOn::closestRrr).max()
                .orElse(Double.NaN);
        Claim.Verdict v = Double.isNaN(worst) ? Claim.Verdict.UNDETERMINED : worst <= 0.01 ? Claim.Verdict.AGREES
                : Claim.Verdict.DISAGREES;
        return new Claim("g2_plateaus_rrr", "G2: on whitened data the plateaus are the reduced-rank regression"
                + " solutions W_RRR(1), W_RRR(2), …", "E passes by W_RRR(r) for r = 1, 2, …", "at δ = "
                + Grids.key(largest) + " the closest approach to W_RRR(r), worst over η and r: " + Fmt.g(worst), worst,
                v, "agrees when at the largest δ every run comes within ‖E − W_RRR(r)‖_F ≤ 0.01 of every rank r;"
                + " else disagrees");
    }

    /**
     * GD's k/δ → 1/(2 ln(1 + ησ)) with an O(1/δ) error: while w_i is small, w_i(k) ≈ e^{−δ}(1 + ησ_i)^{2k}, and the
     * logistic shape of the switch-on puts k_i at δ·k*_i + c_i + O(1), c_i = ln(σ_i/λ_i)/(2 ln(1 + ησ_i)), an offset
     * that does not grow with δ. Every run and mode must be within one step of it.
     */
    static Claim gdLimit(List<SwitchOn> rows) {
        double worstStep = 0;
        boolean complete = !rows.isEmpty();
        double largest = rows.stream().mapToDouble(SwitchOn::delta).max().orElse(Double.NaN);
        double worstRel = 0;
        for (SwitchOn r : rows) {
            if (r.step() == null) {
                complete = false;
                continue;
            }
            double offset = Math.log(r.sigma() / r.lambda()) / (2 * Math.log1p(r.learningRate() * r.sigma()));
            worstStep = Math.max(worstStep, Math.abs(r.step() - r.delta() * r.limitGd() - offset));
            if (r.delta() == largest) {
                worstRel = Math.max(worstRel, Math.abs(r.step() / r.delta() - r.limitGd()) / r.limitGd());
            }
        }
        Claim.Verdict v = !complete ? Claim.Verdict.UNDETERMINED : worstStep <= 1 ? Claim.Verdict.AGREES
                : Claim.Verdict.DISAGREES;
        return new Claim("g2_gd_limit", "G2: GD's switch-on k/δ → 1/(2 ln(1 + ησ_i)) with an O(1/δ) error",
                "k/δ → 1/(2 ln(1 + ησ_i))", "largest |k − δ/(2 ln(1 + ησ)) − c| over " + rows.size()
                + " (run, mode) pairs: " + Fmt.g(worstStep) + " steps; largest relative error of k/δ at δ = "
                + Grids.key(largest) + ": " + Fmt.pct(worstRel), worstRel, v, "agrees when every run and mode"
                + " switches on within 1 step of δ/(2 ln(1 + ησ_i)) + c_i, c_i = ln(σ_i/λ_i)/(2 ln(1 + ησ_i)) (an"
                + " offset independent of δ, so the error of k/δ is O(1/δ)); undetermined when a mode never switched"
                + " on; else disagrees");
    }

    /**
     * The flow's t/δ → 1/(2σ): GD, in the flow's clock t = ηk, switches on later than the flow at every run, and at
     * the largest δ its gap to 1/(2σ_i) shrinks as η decreases, for every mode.
     */
    static Claim flowLimit(List<SwitchOn> rows) {
        double largest = rows.stream().mapToDouble(SwitchOn::delta).max().orElse(Double.NaN);
        boolean later = true;
        boolean shrinks = true;
        boolean any = false;
        // The largest relative gap to the flow at the smallest η, over the modes.
        double smallestGap = Double.NaN;
        StringBuilder detail = new StringBuilder();
        for (Map.Entry<Integer, List<SwitchOn>> e : Plots.group(rows.stream().filter(r -> r.delta() == largest
                && r.step() != null).toList(), SwitchOn::mode).entrySet()) {
            // In increasing η the gap must grow.
            List<SwitchOn> byEta = e.getValue().stream().sorted(java.util.Comparator.comparingDouble(
                    SwitchOn::learningRate)).toList();
            detail.append(detail.length() > 0 ? "; " : "").append("mode ").append(e.getKey()).append(" (1/(2σ) = ")
                    .append(Fmt.g(byEta.get(0).limitFlow())).append("): ηk/δ =");
            double last = -1;
            for (SwitchOn r : byEta) {
                double gap = r.learningRate() * r.step() / r.delta() / r.limitFlow() - 1;
                shrinks &= gap > last;
                last = gap;
                any = true;
                detail.append(' ').append(Fmt.g(r.learningRate() * r.step() / r.delta())).append(" at η = ")
                        .append(Grids.key(r.learningRate()));
            }
            SwitchOn slowest = byEta.get(0);
            double gap = slowest.learningRate() * slowest.step() / slowest.delta() / slowest.limitFlow() - 1;
            smallestGap = Double.isNaN(smallestGap) ? gap : Math.max(smallestGap, gap);
        }
        for (SwitchOn r : rows) {
            later &= r.step() == null || r.learningRate() * r.step() / r.delta() >= r.limitFlow() * (1 - 1e-9);
        }
        Claim.Verdict v = !any ? Claim.Verdict.UNDETERMINED : later && shrinks ? Claim.Verdict.AGREES
                : Claim.Verdict.DISAGREES;
        return new Claim("g2_flow_limit", "G2: the flow switches mode i on at t/δ → 1/(2σ_i); GD, in the flow's clock"
                + " t = ηk, later, and the closer the smaller η", "t/δ → 1/(2σ_i)", "at δ = " + Grids.key(largest)
                + ": " + detail + "; GD later than the flow at every run: " + (later ? "yes" : "no"), smallestGap, v,
                "agrees when every run has ηk/δ ≥ 1/(2σ_i) and, at the largest δ, the relative gap ηk/δ·2σ_i − 1"
                        + " grows with η for every mode (GD tends to the flow as η → 0); else disagrees");
    }

}
