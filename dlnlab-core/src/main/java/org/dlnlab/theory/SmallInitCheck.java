package org.dlnlab.theory;

import org.dlnlab.model.DeepLinearNet;

import java.util.ArrayList;
import java.util.List;

/**
 * The claims of the small-initialization corollary (docs/formulas.md §4) checked on a trained network: rank one,
 * low norm (σ_1 in the band), alignment, and 1 ≤ S/S_min ≤ 4Λ/λ. S_min is only known to lie in [S_lb, S_bal],
 * so the sharpness claim holds when S/S_lb ≤ 4Λ/λ, fails when S/S_bal &gt; 4Λ/λ, and is undetermined between;
 * the authors' code line S/S_lb ≤ 4Λ/a is reported beside it. Claims about minimizers are undetermined when the
 * network is not (yet) at one.
 *
 * @param rankOneTolerance   largest relative rank-one defect (‖W‖²_F − ‖W‖²_2)/‖W‖²_F counted as rank one
 * @param alignmentTolerance largest misalignment 1 − ⟨v_{k+1}, u_k⟩² counted as aligned
 * @param minimizerTolerance largest squared distance ‖E − W*‖²/d counted as a minimizer
 */
public record SmallInitCheck(double rankOneTolerance, double alignmentTolerance, double minimizerTolerance) {
    public static SmallInitCheck defaults() {
        return new SmallInitCheck(1e-2, 1e-2, 1e-8);
    }

    public enum Verdict { HOLDS, FAILS, UNDETERMINED }

    /** One claim, its verdict, the measured number and the threshold it was held against. */
    public record Claim(String name, Verdict verdict, double measured, double threshold, String detail) {
    }

    /**
     * @param sharpness  S of the network (same loss convention as the bounds)
     * @param sqDistance ‖E − W*‖²/d of the network
     */
    public List<Claim> check(DeepLinearNet net, double[] w, Bounds bounds, double sharpness, double sqDistance) {
        Structure s = Structure.of(net, w);
        List<Claim> claims = new ArrayList<>();
        boolean atMinimizer = sqDistance <= minimizerTolerance;
        String notMinimizer = "not at a minimizer: squared distance " + sqDistance + " > " + minimizerTolerance;

        double worstDefect = 0;
        for (int k = 0; k < s.rankOneDefects().length; k++) {
            double top = s.singularValues()[k][0];
            double fro = top * top + s.rankOneDefects()[k];
            worstDefect = Math.max(worstDefect, fro > 0 ? s.rankOneDefects()[k] / fro : 0);
        }
        claims.add(new Claim("rank_one", worstDefect <= rankOneTolerance ? Verdict.HOLDS : Verdict.FAILS, worstDefect,
                rankOneTolerance, "largest relative rank-one defect (‖W_k‖²_F − ‖W_k‖²_2)/‖W_k‖²_F"));

        double[] band = Structure.topSingularBand(bounds.wStarNorm(), net.depth());
        double worstBand = 0;
        boolean inBand = true;
        for (double[] sv : s.singularValues()) {
            inBand &= sv[0] >= band[0] && sv[0] <= band[1];
            worstBand = Math.max(worstBand, Math.max(band[0] / sv[0], sv[0] / band[1]));
        }
        claims.add(new Claim("low_norm", !atMinimizer ? Verdict.UNDETERMINED : inBand ? Verdict.HOLDS : Verdict.FAILS,
                worstBand, 1.0, atMinimizer ? "largest factor by which a σ_1(W_k) leaves the band [(‖w*‖/2)^{1/L}, "
                + "(2‖w*‖)^{1/L}] = [" + band[0] + ", " + band[1] + "] (≤ 1: inside)" : notMinimizer));

        double misalignment = s.maxMisalignment();
        claims.add(new Claim("aligned", misalignment <= alignmentTolerance ? Verdict.HOLDS : Verdict.FAILS,
                misalignment, alignmentTolerance, "largest 1 − ⟨v_{k+1}, u_k⟩²"));

        double line = 4 * bounds.lambdaMax() / bounds.lambdaMin();
        double overLower = sharpness / bounds.sharpnessLowerBound();
        double overBalanced = sharpness / bounds.balancedMinimizerSharpness();
        Verdict flat;
        String detail;
        if (!atMinimizer) {
            flat = Verdict.UNDETERMINED;
            detail = notMinimizer;
        } else if (overLower <= line) {
            flat = Verdict.HOLDS;
            detail = "S/S_lb ≤ 4Λ/λ, and S_min ≥ S_lb";
        } else if (overBalanced > line) {
            flat = Verdict.FAILS;
            detail = "S/S_bal > 4Λ/λ, and S_min ≤ S_bal";
        } else {
            flat = Verdict.UNDETERMINED;
            detail = "S/S_lb > 4Λ/λ ≥ S/S_bal: S_min is only known within [S_lb, S_bal]";
        }
        claims.add(new Claim("sharpness_over_min", flat, overLower, line, detail + "; measured is S/S_lb, S/S_bal = "
                + overBalanced));
        double codeLine = 4 * bounds.lambdaMax() / bounds.a();
        claims.add(new Claim("sharpness_code_line", !atMinimizer ? Verdict.UNDETERMINED
                : overLower <= codeLine ? Verdict.HOLDS : Verdict.FAILS, overLower, codeLine,
                atMinimizer ? "S/S_lb against the authors' line 8LΛ‖w*‖^{2−2/L}/S_lb = 4Λ/a" : notMinimizer));
        return claims;
    }
}
