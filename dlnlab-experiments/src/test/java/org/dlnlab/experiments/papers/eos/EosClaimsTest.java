package org.dlnlab.experiments.papers.eos;

import org.dlnlab.experiments.analysis.Claim;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Each verdict rule of reproduce eos with a case that agrees and one that fails it. */
class EosClaimsTest {
    @Test
    void edgeHeld() {
        assertEquals(Claim.Verdict.AGREES, EosClaims.edgeHeld(new double[]{Double.NaN, 0.004, 0.019}));
        assertEquals(Claim.Verdict.DISAGREES, EosClaims.edgeHeld(new double[]{0.004, 0.021}));
        assertEquals(Claim.Verdict.UNDETERMINED, EosClaims.edgeHeld(new double[]{Double.NaN}));
    }

    @Test
    void lossPredicted() {
        assertEquals(Claim.Verdict.AGREES, EosClaims.lossPredicted(new double[]{0.005, 0.019}));
        assertEquals(Claim.Verdict.PARTLY, EosClaims.lossPredicted(new double[]{0.005, 0.04}));
        assertEquals(Claim.Verdict.DISAGREES, EosClaims.lossPredicted(new double[]{0.06}));
        assertEquals(Claim.Verdict.UNDETERMINED, EosClaims.lossPredicted(new double[0]));
    }

    private static EosRuns.EndRow row(boolean converged, double gd, double cf, double minRule) {
        return new EosRuns.EndRow("e2", "k", 10, "small", 0.3, 0.1, 100, false, converged, 0.4, gd, 22, 0.4, cf, 10,
                0.01, "completed", 1, 5, minRule, 18.66);
    }

    /** 9 of 10 converged runs predicted within 5% agrees; 8 of 10 fails; unconverged runs do not count. */
    @Test
    void centralFlowPredictsGd() {
        List<EosRuns.EndRow> rows = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            rows.add(row(true, 20, 20.9, 30));
        }
        rows.add(row(true, 20, 25, 20));
        rows.add(row(false, 20, 40, 40));
        List<Claim> claims = EosClaims.endpoints("e2", "E2", rows);
        assertEquals(Claim.Verdict.AGREES, claims.get(0).verdict());
        assertEquals(0.9, claims.get(0).value(), 0);
        assertEquals(Claim.Verdict.DISAGREES, claims.get(1).verdict());
        rows.set(0, row(true, 20, 21.1, 30));
        assertEquals(Claim.Verdict.DISAGREES, EosClaims.endpoints("e2", "E2", rows).get(0).verdict());
        assertEquals(Claim.Verdict.UNDETERMINED, EosClaims.endpoints("e2", "E2",
                List.of(row(false, 20, 20, 20))).get(0).verdict());
    }
}
