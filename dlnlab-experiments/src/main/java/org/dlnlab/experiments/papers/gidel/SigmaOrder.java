package org.dlnlab.experiments.papers.gidel;

import org.dlnlab.experiments.analysis.Claim;
import org.dlnlab.experiments.report.Plots;

import java.util.List;

/** The claim every staircase family checks: within each run, the modes switch on in the order of σ. */
final class SigmaOrder {
    private SigmaOrder() {
    }

    /** Runs in which every mode switched on, strictly in the order of decreasing σ, out of all runs. */
    static Claim claim(String id, String family, List<SwitchOn> rows) {
        int runs = 0;
        int ordered = 0;
        for (List<SwitchOn> run : Plots.group(rows, SwitchOn::runKey).values()) {
            runs++;
            boolean ok = true;
            for (int i = 0; i < run.size(); i++) {
                SwitchOn r = run.get(i);
                ok &= r.step() != null && (i == 0 || run.get(i - 1).step() != null && run.get(i - 1).step() < r.step());
            }
            ordered += ok ? 1 : 0;
        }
        Claim.Verdict v = runs == 0 ? Claim.Verdict.UNDETERMINED : ordered == runs ? Claim.Verdict.AGREES
                : Claim.Verdict.DISAGREES;
        return new Claim(id, family + ": the modes switch on one after another, in the order of σ",
                "mode i before mode i + 1 (σ_i > σ_{i+1})", ordered + " of " + runs + " runs switched every mode on,"
                + " in σ order", runs == 0 ? Double.NaN : (double) ordered / runs, v,
                "agrees when in every run each mode switched on strictly after the one with the next larger σ; else"
                        + " disagrees");
    }
}
