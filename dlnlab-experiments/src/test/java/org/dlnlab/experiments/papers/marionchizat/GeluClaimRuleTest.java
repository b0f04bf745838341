package org.dlnlab.experiments.papers.marionchizat;

import org.dlnlab.experiments.analysis.Claim;
import org.dlnlab.experiments.store.SweepRow;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.dlnlab.experiments.papers.marionchizat.SweepRows.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The verdict rule of the GELU check's claim on hand-made rows: each verdict, and what the rule leaves out. */
class GeluClaimRuleTest {
    private static final double[] SCALES = {0.428, 0.5, 0.6, 0.7};

    /** Converged runs at η whose final sharpness is 10 + the given ranks (sharpness rising with s when 1, 2, 3, 4). */
    private static List<SweepRow> ranked(double eta, int... ranks) {
        List<SweepRow> rows = new ArrayList<>();
        for (int rep = 0; rep < 2; rep++) {
            for (int i = 0; i < ranks.length; i++) {
                rows.add(run(SCALES[i], eta).figure(GeluSweep.FAMILY).rep(rep).sharpness(10 + ranks[i] + 0.1 * rep)
                        .build());
            }
        }
        return rows;
    }

    private static Claim.Verdict verdict(List<SweepRow> rows) {
        Claim c = GeluSweep.qualitativeClaim(rows);
        assertEquals("gelu_qualitative", c.id());
        return c.verdict();
    }

    private static List<SweepRow> concat(List<SweepRow> a, List<SweepRow> b) {
        List<SweepRow> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Test
    void agreesWhenSharpnessRisesAtEveryEtaBelowTheCap() {
        assertEquals(Claim.Verdict.AGREES, verdict(concat(ranked(0.005, 1, 2, 3, 4), ranked(0.02, 1, 2, 3, 4))));
    }

    @Test
    void partlyWhenItRisesAtSomeEta() {
        assertEquals(Claim.Verdict.PARTLY, verdict(concat(ranked(0.005, 1, 2, 3, 4), ranked(0.02, 4, 3, 2, 1))));
    }

    @Test
    void disagreesWhenOneConvergedRunIsAboveTwoOverEta() {
        List<SweepRow> rows = concat(ranked(0.005, 1, 2, 3, 4), ranked(0.02, 1, 2, 3, 4));
        // 2/0.07 = 28.6: a converged run at S = 30 breaks the cap whatever the trend.
        rows.addAll(ranked(0.07, 1, 2, 3, 4));
        rows.add(run(0.7, 0.07).figure(GeluSweep.FAMILY).rep(5).sharpness(30).build());
        assertEquals(Claim.Verdict.DISAGREES, verdict(rows));
    }

    @Test
    void disagreesWhenItRisesNowhere() {
        assertEquals(Claim.Verdict.DISAGREES, verdict(ranked(0.005, 4, 3, 2, 1)));
    }

    @Test
    void runsThatDidNotConvergeOrDivergedAreLeftOut() {
        List<SweepRow> rows = ranked(0.005, 1, 2, 3, 4);
        rows.add(run(0.428, 0.005).figure(GeluSweep.FAMILY).rep(7).failed().sharpness(500).build());
        rows.add(run(0.7, 0.005).figure(GeluSweep.FAMILY).rep(8).diverged().build());
        assertEquals(Claim.Verdict.AGREES, verdict(rows));
    }

    @Test
    void convergedRunsStillOscillatingAtTheEdgeOfStabilityAreLeftOut() {
        List<SweepRow> rows = ranked(0.07, 1, 2, 3, 4);
        // S·η/2 = 1.05 with ‖∇R‖ = 0.07: a small loss, but not at a minimizer.
        rows.add(run(0.428, 0.07).figure(GeluSweep.FAMILY).rep(9).sharpness(30).gradNorm(0.07).build());
        assertEquals(Claim.Verdict.AGREES, verdict(rows));
        rows.add(run(0.428, 0.07).figure(GeluSweep.FAMILY).rep(10).sharpness(30).gradNorm(1e-5).build());
        assertEquals(Claim.Verdict.DISAGREES, verdict(rows));
    }

    @Test
    void undeterminedWhenNoEtaHasThreeConvergedRuns() {
        List<SweepRow> rows = List.of(run(0.428, 0.02).figure(GeluSweep.FAMILY).sharpness(10).build(),
                run(0.7, 0.02).figure(GeluSweep.FAMILY).sharpness(20).build());
        assertEquals(Claim.Verdict.UNDETERMINED, verdict(rows));
    }
}
