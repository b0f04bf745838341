package org.dlnlab.experiments.papers.marionchizat;

import org.dlnlab.experiments.analysis.Claim;
import org.dlnlab.experiments.analysis.Stats;
import org.dlnlab.experiments.report.Fmt;
import org.dlnlab.experiments.report.Plots;
import org.dlnlab.experiments.store.SweepRow;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * How far the paper's estimator (20 power-iteration steps from a random start, |λ|, no convergence check) is
 * from our checked Lanczos value on the same weights, over every sweep run: at the final weights (where the
 * paper reports sharpness) and at initialization (where the Hessian is indefinite).
 */
final class PowerVsLanczos {
    /** Relative difference above which the two are said to differ. */
    static final double THRESHOLD = 0.01;

    private PowerVsLanczos() {
    }

    static List<Claim> claims(List<SweepRow> rows) {
        List<Claim> out = new ArrayList<>();
        out.add(claim("power_vs_lanczos_final", "at the final weights of converged runs", rows, SweepRow::converged,
                SweepRow::powerRelativeDifference));
        out.add(claim("power_vs_lanczos_unconverged", "at the final weights of runs that neither diverged nor"
                + " converged", rows, r -> !r.diverged() && !r.converged(), SweepRow::powerRelativeDifference));
        out.add(claim("power_vs_lanczos_init", "at initialization", rows, r -> true,
                r -> Math.abs(r.initSharpnessPower() - r.initSharpness()) / Math.abs(r.initSharpness())));
        return out;
    }

    private static Claim claim(String id, String where, List<SweepRow> rows, Predicate<SweepRow> keep,
                               ToDoubleFunction<SweepRow> diff) {
        double[] d = Plots.values(rows, keep, diff);
        long above = java.util.Arrays.stream(d).filter(x -> x > THRESHOLD).count();
        double share = d.length == 0 ? Double.NaN : above / (double) d.length;
        String measured = "|power − Lanczos|/|Lanczos| over " + d.length + " runs: median " + Fmt.g(Stats.median(d))
                + ", max " + Fmt.g(Stats.max(d)) + "; " + above + " runs (" + Fmt.pct(share) + ") differ by more than "
                + Fmt.pct(THRESHOLD);
        return new Claim(id, "The paper's sharpness estimator (20-step power iteration) " + where
                + " vs our checked Lanczos (tolerance 1e-10)", "20-step power iteration, |λ|, no convergence check",
                measured, share, Claim.Verdict.REPORTED, Claim.NO_RULE);
    }
}
