package org.dlnlab.theory;

import org.dlnlab.data.DataSources;
import org.dlnlab.data.Problem;
import org.dlnlab.init.Initialization;
import org.dlnlab.model.DeepLinearNet;
import org.dlnlab.objective.LossConvention;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SmallInitCheckTest {
    private static final Problem FIG1 = Problem.of(DataSources.load("builtin:mc_fig1", List.of()));
    private static final DeepLinearNet NET = DeepLinearNet.standard(5, 5, 4, 1);
    private static final Bounds BOUNDS = Bounds.of(FIG1, 4, LossConvention.MSE);

    private static SmallInitCheck.Verdict sharpnessVerdict(double sharpness, double sqDistance) {
        double[] w = Initialization.parse("aligned-minimizer").create(NET, FIG1, null);
        return SmallInitCheck.defaults().check(NET, w, BOUNDS, sharpness, sqDistance).stream()
                .filter(c -> c.name().equals("sharpness_over_min")).findFirst().orElseThrow().verdict();
    }

    @Test
    void theDecisionRuleSeparatesHoldsFailsAndUndetermined() {
        double line = 4 * BOUNDS.lambdaMax() / BOUNDS.lambdaMin();
        double lower = BOUNDS.sharpnessLowerBound();
        double balanced = BOUNDS.balancedMinimizerSharpness();
        assertEquals(SmallInitCheck.Verdict.HOLDS, sharpnessVerdict(line * lower * 0.999, 0));
        assertEquals(SmallInitCheck.Verdict.FAILS, sharpnessVerdict(line * balanced * 1.001, 0));
        // Between: above 4Λ/λ relative to S_lb but not relative to S_bal.
        assertEquals(SmallInitCheck.Verdict.UNDETERMINED, sharpnessVerdict(line * (lower + balanced) / 2, 0));
        assertEquals(SmallInitCheck.Verdict.UNDETERMINED, sharpnessVerdict(lower, 1e-3));
    }

    @Test
    void sharpenedMinimizersFailTheClaimsTheyBreak() {
        double[] w = Constructions.sharpen(NET, Initialization.parse("aligned-minimizer").create(NET, FIG1, null),
                40);
        double s = MinimizerSharpness.of(NET, FIG1, LossConvention.MSE, w);
        List<SmallInitCheck.Claim> claims = SmallInitCheck.defaults().check(NET, w, BOUNDS, s, 0);
        // Still rank one and aligned (scaling a layer keeps its singular vectors), but far outside the norm band
        // and far sharper than the flattest minimizer.
        assertEquals(SmallInitCheck.Verdict.HOLDS, claims.get(0).verdict());
        assertEquals(SmallInitCheck.Verdict.FAILS, claims.get(1).verdict());
        assertEquals(SmallInitCheck.Verdict.HOLDS, claims.get(2).verdict());
        assertEquals(SmallInitCheck.Verdict.FAILS, claims.get(3).verdict());
        assertEquals(SmallInitCheck.Verdict.FAILS, claims.get(4).verdict());
    }
}
