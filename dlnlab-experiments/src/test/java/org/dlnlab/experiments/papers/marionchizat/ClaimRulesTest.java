package org.dlnlab.experiments.papers.marionchizat;

import org.dlnlab.experiments.analysis.Claim;
import org.dlnlab.experiments.analysis.Stats;
import org.dlnlab.experiments.exec.Runner;
import org.dlnlab.experiments.store.SweepRow;
import org.dlnlab.experiments.store.TrajectoryRow;
import org.dlnlab.theory.Bounds;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.dlnlab.experiments.papers.marionchizat.SweepRows.run;
import static org.dlnlab.experiments.papers.marionchizat.SweepRows.times;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every claim verdict rule, fed constructed rows whose verdict follows from how they were built and from the
 * rule's thresholds (rows just inside and just outside a threshold where that is cheap). The only inputs taken
 * from main code are the theory's constants (Runner.bounds) and the families' paper configurations; p-values
 * near 0.05 are checked against closed-form Student t CDFs (3 and 4 degrees of freedom).
 */
class ClaimRulesTest {
    private static final Runner RUNNER = new Runner(1);
    private static final String FIG1_DATA = "builtin:mc_fig1";

    private static final Claim.Verdict AGREES = Claim.Verdict.AGREES;
    private static final Claim.Verdict PARTLY = Claim.Verdict.PARTLY;
    private static final Claim.Verdict DISAGREES = Claim.Verdict.DISAGREES;
    private static final Claim.Verdict UNDETERMINED = Claim.Verdict.UNDETERMINED;
    private static final Claim.Verdict REPORTED = Claim.Verdict.REPORTED;

    private static Claim claim(List<Claim> claims, String id) {
        for (Claim c : claims) {
            if (c.id().equals(id)) {
                return c;
            }
        }
        return fail("no claim " + id + " among " + claims.stream().map(Claim::id).toList());
    }

    private static void assertVerdict(Claim.Verdict expected, Claim c) {
        assertEquals(expected, c.verdict(), () -> c.id() + ": " + c.measured());
    }

    @SafeVarargs
    private static List<SweepRow> concat(List<SweepRow>... parts) {
        List<SweepRow> out = new ArrayList<>();
        for (List<SweepRow> p : parts) {
            out.addAll(p);
        }
        return out;
    }

    /** Student t CDF, 3 degrees of freedom: 1/2 + (u/(1 + u²) + atan u)/π with u = t/√3. */
    private static double t3Cdf(double t) {
        double u = t / Math.sqrt(3);
        return 0.5 + (u / (1 + u * u) + Math.atan(u)) / Math.PI;
    }

    /** Student t CDF, 4 degrees of freedom: 1/2 + (3/8)·t/√(1 + t²/4)·(1 − t²/(12(1 + t²/4))). */
    private static double t4Cdf(double t) {
        double v = 1 + t * t / 4;
        return 0.5 + 0.375 * t / Math.sqrt(v) * (1 - t * t / (12 * v));
    }

    /** Two-sided p of a correlation r over n pairs (t = r·√((n − 2)/(1 − r²))), for n = 5 or 6. */
    private static double pOracle(double r, int n) {
        double t = Math.abs(r) * Math.sqrt((n - 2) / (1 - r * r));
        return 2 * (1 - (n == 5 ? t3Cdf(t) : t4Cdf(t)));
    }

    // Spearman's ρ of five points whose x are 1..5 and whose y have the given ranks: 1 − 6Σd²/(5·24).
    /** Ranks (1, 2, 3, 5, 4): Σd² = 2, ρ = 0.9, p ≈ 0.037 &lt; 0.05 (significant). */
    private static final int[] RHO_09 = {1, 2, 3, 5, 4};
    /** Ranks (2, 1, 3, 5, 4): Σd² = 4, ρ = 0.8, p ≈ 0.104 ≥ 0.05 (not significant). */
    private static final int[] RHO_08 = {2, 1, 3, 5, 4};
    private static final int[] INCREASING = {1, 2, 3, 4, 5};
    private static final int[] DECREASING = {5, 4, 3, 2, 1};

    @Test
    void theRankPatternsSitOnTheIntendedSidesOfP005() {
        assertEquals(0.9, Stats.spearman(new double[]{1, 2, 3, 4, 5}, new double[]{1, 2, 3, 5, 4}), 1e-12);
        assertTrue(pOracle(0.9, 5) < 0.05 && pOracle(0.9, 5) > 0.03, "p(0.9, 5) = " + pOracle(0.9, 5));
        assertTrue(pOracle(0.8, 5) > 0.10, "p(0.8, 5) = " + pOracle(0.8, 5));
        // Fig. 3's 0/1 outcomes: (0,0,1,1,1) over 5 scales, ρ = 7.5/√75 = √3/2, t = 3 → p ≈ 0.058 (not significant);
        // (0,0,0,1,1,1) over 6 scales, ρ = 13.5/√(17.5·13.5), p ≈ 0.021 (significant).
        assertTrue(pOracle(Math.sqrt(3) / 2, 5) > 0.05 && pOracle(Math.sqrt(3) / 2, 5) < 0.06);
        double r6 = 13.5 / Math.sqrt(17.5 * 13.5);
        assertTrue(pOracle(r6, 6) > 0.015 && pOracle(r6, 6) < 0.03, "p = " + pOracle(r6, 6));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Fig1Sweep (small initialization)
    // ---------------------------------------------------------------------------------------------------------

    private static final Fig1Sweep FIG1 = new Fig1Sweep(Fig1Sweep.Config.paper());
    /** The paper's η list of Fig. 1a/1b/3. */
    private static final double[] FIG1_RATES = {0.005, 0.02, 0.07, 0.1, 0.2};

    private static Bounds fig1Bounds() {
        return RUNNER.bounds(FIG1_DATA, 10);
    }

    private static List<Claim> fig1Claims(Fig1Sweep family, List<SweepRow> rows) {
        return family.claims(rows, RUNNER);
    }

    /** Two runs per η of the list at scale s, converged exactly when η ≤ ηc (NaN: none converges). */
    private static List<SweepRow> gridAtScale(double s, double etaC) {
        List<SweepRow> rows = new ArrayList<>();
        for (double eta : FIG1_RATES) {
            rows.addAll(times(2, run(s, eta).convergedIf(eta <= etaC)));
        }
        return rows;
    }

    @Nested
    class Fig1aCriticalLearningRate {
        private Claim verdictOf(List<SweepRow> rows) {
            return claim(fig1Claims(FIG1, rows), "fig1a_critical_lr");
        }

        @Test
        void agreesWhenEveryScaleHasEtaCOf01() {
            Claim c = verdictOf(concat(gridAtScale(0.25, 0.1), gridAtScale(0.4, 0.1), gridAtScale(0.6, 0.1)));
            assertVerdict(AGREES, c);
            assertEquals(1.0, c.value());
        }

        @Test
        void theRangeIncludes01AndExcludes02() {
            // ηc = 0.1 is in [0.1, 0.2), ηc = 0.2 (the top η succeeds) is not: 1 of 2 → partly.
            Claim c = verdictOf(concat(gridAtScale(0.25, 0.1), gridAtScale(0.6, 0.2)));
            assertVerdict(PARTLY, c);
            assertEquals(0.5, c.value());
        }

        @Test
        void anEtaSucceedsWithHalfItsRunsButNotWithFewer() {
            List<SweepRow> rows = new ArrayList<>();
            for (double s : new double[]{0.25, 0.4, 0.6}) {
                for (double eta : new double[]{0.005, 0.02, 0.07}) {
                    rows.addAll(times(2, run(s, eta)));
                }
                rows.addAll(times(2, run(s, 0.2).failed()));
                rows.add(run(s, 0.1).rep(0).converged().build());
                rows.add(run(s, 0.1).rep(1).failed().build());
            }
            // s = 0.25: 1 of 2 converge at η = 0.1 → it succeeds → ηc = 0.1 (in range).
            // s = 0.4 and 0.6: a third, failed run at η = 0.1 → 1 of 3 → ηc = 0.07 (outside).
            rows.add(run(0.4, 0.1).rep(2).failed().build());
            rows.add(run(0.6, 0.1).rep(2).failed().build());
            Claim c = verdictOf(rows);
            assertVerdict(DISAGREES, c);
            assertEquals(1.0 / 3, c.value(), 1e-15);
        }

        @Test
        void oneScaleInRangeAndOneWhereNoEtaSucceedsIsPartly() {
            Claim c = verdictOf(concat(gridAtScale(0.25, 0.1), gridAtScale(0.6, Double.NaN)));
            assertVerdict(PARTLY, c);
            assertEquals(0.5, c.value());
            assertTrue(c.measured().contains("no η of the list succeeds at s ∈ {0.6}"), c.measured());
        }

        @Test
        void oneScaleInRangeAndTwoWhereNoEtaSucceedsDisagrees() {
            Claim c = verdictOf(concat(gridAtScale(0.25, 0.1), gridAtScale(0.4, Double.NaN),
                    gridAtScale(0.6, Double.NaN)));
            assertVerdict(DISAGREES, c);
            assertEquals(1.0 / 3, c.value(), 1e-15);
        }

        @Test
        void exactlyHalfInRangeIsPartlyAndFewerDisagrees() {
            assertVerdict(PARTLY, verdictOf(concat(gridAtScale(0.25, 0.1), gridAtScale(0.3, 0.1),
                    gridAtScale(0.4, 0.07), gridAtScale(0.6, 0.02))));
            assertVerdict(DISAGREES, verdictOf(concat(gridAtScale(0.25, 0.1), gridAtScale(0.4, 0.07),
                    gridAtScale(0.6, 0.2))));
        }

        @Test
        void undeterminedWithoutRuns() {
            Claim c = verdictOf(List.of());
            assertVerdict(UNDETERMINED, c);
            assertTrue(Double.isNaN(c.value()));
        }
    }

    /** Fig. 1b window: scales 0.25, 0.4, 0.6, so the median scale is 0.4 and s ≤ 0.4 is "small". */
    @Nested
    class Fig1bSharpnessWindow {
        private final Fig1Sweep family = new Fig1Sweep(new Fig1Sweep.Config("fig1", FIG1_DATA, 10, 5, null, "small",
                List.of(0.25, 0.4, 0.6), Fig1Sweep.Config.paper().schedules()));
        private final double line = fig1Bounds().smallInitUpperLine();

        /**
         * 100 converged small-scale runs at η = 0.005 (2/η = 400, far above the line ≈ 127.5): {@code below} with
         * S = line·1.0009 (inside the 1e-3 slack), the others with S = line·1.0011 (outside). Plus runs the rule
         * must ignore, all above the line: large scale, η ≥ 0.09, not converged, diverged.
         */
        private Claim verdictOf(int below) {
            List<SweepRow> rows = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                double s = i % 2 == 0 ? 0.25 : 0.4; // 0.4 is the median itself: counts as small
                rows.add(run(s, 0.005).rep(i).sharpness(line * (i < below ? 1.0009 : 1.0011)).build());
            }
            rows.addAll(ignoredAboveLine());
            return claim(fig1Claims(family, rows), "fig1b_sharpness_window");
        }

        private List<SweepRow> ignoredAboveLine() {
            return concat(times(5, run(0.6, 0.005).sharpness(2 * line)),
                    times(5, run(0.25, 0.1).sharpness(2 * line)),
                    times(5, run(0.25, 0.005).failed().sharpness(2 * line)),
                    times(5, run(0.25, 0.005).diverged()));
        }

        @Test
        void agreesAt95Percent() {
            Claim c = verdictOf(95);
            assertVerdict(AGREES, c);
            assertEquals(0.95, c.value(), 1e-15);
        }

        @Test
        void partlyAt94Percent() {
            Claim c = verdictOf(94);
            assertVerdict(PARTLY, c);
            assertEquals(0.94, c.value(), 1e-15);
        }

        @Test
        void partlyAt50PercentAndDisagreesAt49() {
            assertVerdict(PARTLY, verdictOf(50));
            assertVerdict(DISAGREES, verdictOf(49));
        }

        @Test
        void undeterminedWithoutConvergedSmallScaleRuns() {
            Claim c = claim(fig1Claims(family, ignoredAboveLine()), "fig1b_sharpness_window");
            assertVerdict(UNDETERMINED, c);
        }
    }

    @Nested
    class Fig1bStabilityCap {
        /**
         * 100 converged runs over η ∈ {0.005, 0.02, 0.07}, S = 2/η·1.0009 (inside the slack) except {@code above}
         * runs at η = 0.07 with S = 2/η·1.0011 (outside; still far below the cap of η = 0.005). Plus runs the rule
         * must ignore: converged at η = 0.1 (edge of stability) at 3·2/η, not converged above 2/η, diverged.
         */
        private List<SweepRow> rows(int above) {
            List<SweepRow> rows = new ArrayList<>();
            double[] etas = {0.005, 0.02, 0.07};
            for (int i = 0; i < 100; i++) {
                double eta = i < above ? 0.07 : etas[i % 3];
                rows.add(run(0.25 + 0.01 * (i % 10), eta).rep(i)
                        .sharpness(2 / eta * (i < above ? 1.0011 : 1.0009)).build());
            }
            rows.addAll(ignored());
            return rows;
        }

        private List<SweepRow> ignored() {
            return concat(times(5, run(0.3, 0.1).sharpness(3 * 2 / 0.1)),
                    times(5, run(0.3, 0.005).failed().sharpness(2 * 2 / 0.005)),
                    times(5, run(0.3, 0.02).diverged()));
        }

        @Test
        void agreesWith99PercentBelowTheCap() {
            Claim c = claim(fig1Claims(FIG1, rows(1)), "fig1b_stability_cap");
            assertVerdict(AGREES, c);
            assertEquals(0.99, c.value(), 1e-15);
        }

        @Test
        void disagreesWith98PercentBelowTheCap() {
            Claim c = claim(fig1Claims(FIG1, rows(2)), "fig1b_stability_cap");
            assertVerdict(DISAGREES, c);
            assertEquals(0.98, c.value(), 1e-15);
        }

        @Test
        void theCapIsEachRunsOwn2OverEta() {
            // S = 50 is far below 2/0.005 = 400 but above 2/0.07 ≈ 28.6: 2 of 100 such runs at η = 0.07 disagree.
            List<SweepRow> rows = new ArrayList<>(times(98, run(0.3, 0.005).sharpness(50)));
            rows.addAll(times(2, run(0.3, 0.07).sharpness(50)));
            assertVerdict(DISAGREES, claim(fig1Claims(FIG1, rows), "fig1b_stability_cap"));
        }

        @Test
        void undeterminedWithoutConvergedRunsBelowEta009() {
            assertVerdict(UNDETERMINED, claim(fig1Claims(FIG1, ignored()), "fig1b_stability_cap"));
        }
    }

    /** Converged runs at η over five scales, with final sharpness 10 + rank[i] at the i-th scale. */
    private static List<SweepRow> rankedSharpness(double eta, double[] scales, int[] ranks) {
        List<SweepRow> rows = new ArrayList<>();
        for (int i = 0; i < ranks.length; i++) {
            rows.add(run(scales[i], eta).sharpness(10 + ranks[i]).build());
        }
        return rows;
    }

    @Nested
    class Fig1bSharperWithScale {
        private final double[] scales = {0.25, 0.3, 0.4, 0.5, 0.6};

        private Claim verdictOf(int[] at0005, int[] at002) {
            List<SweepRow> rows = concat(rankedSharpness(0.005, scales, at0005), rankedSharpness(0.02, scales, at002));
            // Ignored: η ≥ 0.09 decreasing, and not-converged runs with a tiny S at the largest scale.
            rows.addAll(rankedSharpness(0.1, scales, DECREASING));
            rows.addAll(times(3, run(0.6, 0.005).failed().sharpness(1)));
            rows.addAll(times(3, run(0.6, 0.02).failed().sharpness(1)));
            return claim(fig1Claims(FIG1, rows), "fig1b_sharper_with_scale");
        }

        @Test
        void agreesWhenEveryEtaBelow009IsSignificantlyIncreasing() {
            Claim c = verdictOf(RHO_09, INCREASING);
            assertVerdict(AGREES, c);
            assertEquals(0.9, c.value(), 1e-12); // the weakest ρ
        }

        @Test
        void partlyWhenOnlySomeEtaAreSignificant() {
            Claim c = verdictOf(INCREASING, RHO_08);
            assertVerdict(PARTLY, c);
            assertEquals(0.8, c.value(), 1e-12);
        }

        @Test
        void partlyWhenAnEtaHasFewerThanThreeConvergedRuns() {
            List<SweepRow> rows = concat(rankedSharpness(0.005, scales, INCREASING),
                    List.of(run(0.25, 0.02).sharpness(10).build(), run(0.6, 0.02).sharpness(20).build()));
            assertVerdict(PARTLY, claim(fig1Claims(FIG1, rows), "fig1b_sharper_with_scale"));
        }

        @Test
        void disagreesWhenNoEtaIsSignificantlyIncreasing() {
            Claim c = verdictOf(DECREASING, RHO_08);
            assertVerdict(DISAGREES, c);
            assertEquals(-1, c.value(), 1e-12);
        }

        @Test
        void theWeakestRhoDoesNotDependOnWhichEtaHasTooFewRuns() {
            List<SweepRow> twoRuns = List.of(run(0.25, 0.005).sharpness(10).build(),
                    run(0.6, 0.005).sharpness(20).build());
            Claim first = claim(fig1Claims(FIG1, concat(twoRuns, rankedSharpness(0.02, scales, INCREASING))),
                    "fig1b_sharper_with_scale");
            List<SweepRow> twoRunsLater = List.of(run(0.25, 0.02).sharpness(10).build(),
                    run(0.6, 0.02).sharpness(20).build());
            Claim last = claim(fig1Claims(FIG1, concat(rankedSharpness(0.005, scales, INCREASING), twoRunsLater)),
                    "fig1b_sharper_with_scale");
            assertVerdict(PARTLY, first);
            assertVerdict(PARTLY, last);
            assertEquals(first.value(), last.value(), 0, "value with the undefined ρ first vs last");
        }

        @Test
        void undeterminedWithoutRunsBelowEta009() {
            List<SweepRow> rows = rankedSharpness(0.1, scales, INCREASING);
            assertVerdict(UNDETERMINED, claim(fig1Claims(FIG1, rows), "fig1b_sharper_with_scale"));
        }
    }

    @Nested
    class Fig3DivergenceVsScale {
        private final double[] scales = {0.25, 0.3, 0.35, 0.4, 0.5, 0.6};

        /** One run per scale at η (diverged where d[i] = 1) and, to be ignored, the opposite pattern at η = 0.1. */
        private Claim verdictOf(double eta, int... d) {
            List<SweepRow> rows = new ArrayList<>();
            for (int i = 0; i < d.length; i++) {
                rows.add((d[i] == 1 ? run(scales[i], eta).diverged() : run(scales[i], eta).failed()).build());
                rows.add((d[i] == 1 ? run(scales[i], 0.1).failed() : run(scales[i], 0.1).diverged()).build());
            }
            return claim(fig1Claims(FIG1, rows), "fig3_divergence_vs_scale");
        }

        @Test
        void agreesWhenLargerScalesDivergeSignificantlyMoreAtTheTopEta() {
            // ρ = 13.5/√(17.5·13.5) ≈ 0.878, p ≈ 0.021.
            Claim c = verdictOf(0.2, 0, 0, 0, 1, 1, 1);
            assertVerdict(AGREES, c);
            assertEquals(13.5 / Math.sqrt(17.5 * 13.5), c.value(), 1e-12);
        }

        @Test
        void disagreesWhenPositiveButNotSignificant() {
            // Five scales: ρ = √3/2, p ≈ 0.058.
            Claim c = verdictOf(0.2, 0, 0, 1, 1, 1);
            assertVerdict(DISAGREES, c);
            assertEquals(Math.sqrt(3) / 2, c.value(), 1e-12);
        }

        @Test
        void disagreesWhenSmallerScalesDivergeMore() {
            assertVerdict(DISAGREES, verdictOf(0.2, 1, 1, 1, 0, 0, 0));
        }

        @Test
        void theTopEtaIsTheConfigsLargestNotTheRowsLargest() {
            // A significant increasing pattern, but at η = 0.1: the config's top η is 0.2, which has no runs.
            List<SweepRow> rows = new ArrayList<>();
            int[] d = {0, 0, 0, 1, 1, 1};
            for (int i = 0; i < d.length; i++) {
                rows.add((d[i] == 1 ? run(scales[i], 0.1).diverged() : run(scales[i], 0.1).failed()).build());
            }
            assertVerdict(UNDETERMINED, claim(fig1Claims(FIG1, rows), "fig3_divergence_vs_scale"));
        }

        @Test
        void undeterminedWhenEveryRunDivergesOrFewerThanThree() {
            assertVerdict(UNDETERMINED, verdictOf(0.2, 1, 1, 1, 1, 1, 1));
            assertVerdict(UNDETERMINED, verdictOf(0.2, 0, 1));
        }
    }

    /** The residual analogue: only two claims, both reported, with values computed here. */
    @Nested
    class Fig1Residual {
        private final Fig1Sweep family = new Fig1Sweep(Fig1Sweep.Config.residualPaper());
        private static final String PROJ = "builtin:mc_projections:resnet_L10";

        @Test
        void criticalRateIsReportedWithTheShareOfScalesInRange() {
            List<SweepRow> rows = concat(gridAtScale(0.0, 0.1), gridAtScale(0.5667, 0.2), gridAtScale(1.7, Double.NaN));
            List<Claim> claims = fig1Claims(family, rows);
            assertEquals(List.of("fig1a_residual_critical_lr", "residual_sharpness_ratio"),
                    claims.stream().map(Claim::id).toList());
            Claim c = claim(claims, "fig1a_residual_critical_lr");
            assertVerdict(REPORTED, c);
            assertEquals(1.0 / 3, c.value(), 1e-15); // only s = 0 has 0.1 ≤ ηc < 0.2
            assertTrue(c.rule().startsWith(Claim.NO_RULE), c.rule());
        }

        @Test
        void sharpnessRatioIsTheMedianOfSOverSlbAtTheSmallestEta() {
            double lb = fig1Bounds().sharpnessLowerBound();
            List<SweepRow> rows = new ArrayList<>();
            for (double k : new double[]{5, 2, 3}) {
                rows.add(run(0.5, 0.005).residual(PROJ).sharpness(k * lb).build());
            }
            rows.add(run(0.5, 0.005).residual(PROJ).failed().sharpness(100 * lb).build()); // not converged
            rows.add(run(0.5, 0.005).residual(PROJ).failed().sharpness(100 * lb).build());
            rows.add(run(0.5, 0.02).residual(PROJ).sharpness(50 * lb).build()); // not the smallest η
            rows.add(run(0.5, 0.02).residual(PROJ).sharpness(50 * lb).build());
            Claim c = claim(fig1Claims(family, rows), "residual_sharpness_ratio");
            assertVerdict(REPORTED, c);
            assertEquals(3, c.value(), 1e-12);
            assertEquals(Claim.NO_RULE, c.rule());
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Fig1Trajectories (Fig. 1d)
    // ---------------------------------------------------------------------------------------------------------

    @Nested
    class Fig1dEdgeOfStability {
        private final Fig1Trajectories.Config config = Fig1Trajectories.Config.paper(); // 450 steps, K = 5, η 0.02/0.1
        private final Fig1Trajectories family = new Fig1Trajectories(config);

        /**
         * One trajectory at η: a sample every K steps (NaN between), first half rising linearly from 0.2·2/η to
         * 0.7·2/η, second half (step ≥ 225) alternating (ratio ± 0.05)·2/η, so its mean is ratio·2/η (46 samples).
         * A spike, when positive, replaces the sample at step 100.
         */
        private List<TrajectoryRow> trajectory(String id, double eta, double ratio, double spike) {
            List<TrajectoryRow> rows = new ArrayList<>();
            double cap = 2 / eta;
            int half = config.steps() / 2;
            for (int step = 0; step <= config.steps(); step++) {
                double s = Double.NaN;
                if (step % config.sharpnessEvery() == 0) {
                    s = step < half ? cap * (0.2 + 0.5 * step / half)
                            : cap * (ratio + ((step / config.sharpnessEvery()) % 2 == 0 ? 0.05 : -0.05));
                    if (step == 100 && spike > 0) {
                        s = spike;
                    }
                }
                rows.add(new TrajectoryRow(id, id + "/eta=" + eta, 1, "small", 0.35, eta, step, 1, 1, 1, s,
                        Double.isNaN(s) ? Double.NaN : 1e-12));
            }
            return rows;
        }

        /** The top η hovers at ratio·2/η in its second half; the small η peaks at {@code smallMax}. */
        private Claim verdictOf(double ratio, double smallMax) {
            List<TrajectoryRow> rows = new ArrayList<>(trajectory(config.id(), 0.1, ratio, 0));
            // Small η: second half at 0.5·2/η, one sample raised to smallMax.
            rows.addAll(trajectory(config.id(), 0.02, 0.5, smallMax));
            List<Claim> claims = family.claims(rows, RUNNER);
            assertEquals(1, claims.size());
            return claim(claims, "fig1_trajectories_edge_of_stability");
        }

        @Test
        void agreesWhenHoveringAtTheTopEtaAndBelowAtTheSmallOne() {
            Claim c = verdictOf(1.0, 60);
            assertVerdict(AGREES, c);
            assertEquals(1.0, c.value(), 1e-12); // the second-half mean·η/2 (the first half would pull it down)
        }

        @Test
        void agreesJustInsideBothThresholds() {
            assertVerdict(AGREES, verdictOf(1.09, 99.9)); // 9% above 2/η; small η peaks just below 2/0.02 = 100
            assertVerdict(AGREES, verdictOf(0.91, 99.9));
        }

        @Test
        void partlyWhenOnlyTheTopEtaHovers() {
            assertVerdict(PARTLY, verdictOf(1.0, 100)); // touching 2/η is not staying below it
            assertVerdict(PARTLY, verdictOf(1.0, 150));
        }

        @Test
        void partlyWhenOnlyTheSmallEtaStaysBelow() {
            assertVerdict(PARTLY, verdictOf(1.11, 60));
            assertVerdict(PARTLY, verdictOf(0.89, 60));
        }

        @Test
        void disagreesWhenNeitherHolds() {
            Claim c = verdictOf(0.5, 150);
            assertVerdict(DISAGREES, c);
            assertEquals(0.5, c.value(), 1e-12);
        }

        @Test
        void undeterminedWithoutTheTopEtaTrajectory() {
            Claim c = claim(family.claims(trajectory(config.id(), 0.02, 0.5, 0), RUNNER),
                    "fig1_trajectories_edge_of_stability");
            assertVerdict(UNDETERMINED, c);
        }

        @Test
        void withoutTheSmallEtaTrajectoryTheClaimIsNotFullyConfirmed() {
            Claim c = claim(family.claims(trajectory(config.id(), 0.1, 1.0, 0), RUNNER),
                    "fig1_trajectories_edge_of_stability");
            assertTrue(c.verdict() != AGREES, c.verdict() + ": " + c.measured());
        }

        @Test
        void theResidualAnalogueIsReported() {
            Fig1Trajectories.Config r = Fig1Trajectories.Config.residualPaper();
            List<TrajectoryRow> rows = concat2(trajectory(r.id(), 0.1, 1.0, 0), trajectory(r.id(), 0.02, 0.5, 0));
            Claim c = claim(new Fig1Trajectories(r).claims(rows, RUNNER),
                    "fig1_residual_trajectories_edge_of_stability");
            assertVerdict(REPORTED, c);
            assertEquals(Claim.NO_RULE, c.rule());
        }

        private List<TrajectoryRow> concat2(List<TrajectoryRow> a, List<TrajectoryRow> b) {
            List<TrajectoryRow> out = new ArrayList<>(a);
            out.addAll(b);
            return out;
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Fig2DepthSweep
    // ---------------------------------------------------------------------------------------------------------

    private static final Fig2DepthSweep.Config FIG2_CONFIG = Fig2DepthSweep.Config.paper();
    private static final Fig2DepthSweep FIG2 = new Fig2DepthSweep(FIG2_CONFIG);
    private static final List<Double> FIG2_GRID = FIG2_CONFIG.rates();
    /** The grid ratio q, computed here from the paper's logspace(−2, −0.3, 25): 10^(1.7/24). */
    private static final double Q = Math.pow(10, 1.7 / 24);

    private static double predicted(int depth) {
        return RUNNER.bounds(FIG1_DATA, depth).criticalLearningRate();
    }

    /** Index of the grid point nearest to η in log scale (so within half a step of it). */
    private static int nearest(double eta) {
        int best = 0;
        for (int i = 1; i < FIG2_GRID.size(); i++) {
            if (Math.abs(Math.log(FIG2_GRID.get(i) / eta)) < Math.abs(Math.log(FIG2_GRID.get(best) / eta))) {
                best = i;
            }
        }
        return best;
    }

    /**
     * Runs of one depth at the given learning rates (two each): every η ≤ ηc converges (at ηc itself one of two,
     * which still succeeds), every larger η fails. ηc = NaN: nothing converges.
     */
    private static List<SweepRow> depthRows(int depth, double etaC, List<Double> etas) {
        List<SweepRow> rows = new ArrayList<>();
        for (double eta : etas) {
            rows.add(run(0.25, eta).depth(depth).rep(0).convergedIf(eta <= etaC).build());
            rows.add(run(0.25, eta).depth(depth).rep(1).convergedIf(eta < etaC).build());
        }
        return rows;
    }

    private static List<SweepRow> gridRows(int depth, int index) {
        return depthRows(depth, FIG2_GRID.get(index), FIG2_GRID);
    }

    /** Rows whose measured ηc is exactly the given value (a converged η below it, a failed one above). */
    private static List<SweepRow> rowsWithEtaC(int depth, double etaC) {
        return depthRows(depth, etaC, List.of(etaC / 2, etaC, etaC * 1.5));
    }

    @Nested
    class Fig2CriticalLearningRate {
        @Test
        void theGridIsThePapersAndThePredictionsLieInside() {
            assertEquals(Q, FIG2_CONFIG.gridRatio(), 1e-12);
            for (int depth : FIG2_CONFIG.depths()) {
                int i = nearest(predicted(depth));
                assertTrue(i >= 3 && i + 3 < FIG2_GRID.size(), "L = " + depth + ": index " + i);
            }
        }

        @Test
        void agreesAtEveryDepthWhenEtaCIsTheGridPointNearest1OverLa() {
            List<SweepRow> rows = new ArrayList<>();
            for (int depth : FIG2_CONFIG.depths()) {
                rows.addAll(gridRows(depth, nearest(predicted(depth))));
            }
            List<Claim> claims = FIG2.claims(rows, RUNNER);
            for (int depth : FIG2_CONFIG.depths()) {
                Claim c = claim(claims, "fig2_critical_lr_L" + depth);
                assertVerdict(AGREES, c);
                assertEquals(FIG2_GRID.get(nearest(predicted(depth))), c.value());
            }
        }

        @Test
        void disagreesThreeGridStepsAwayOnEitherSide() {
            List<SweepRow> rows = concat(gridRows(10, nearest(predicted(10)) + 3),
                    gridRows(40, nearest(predicted(40)) - 3));
            List<Claim> claims = FIG2.claims(rows, RUNNER);
            assertVerdict(DISAGREES, claim(claims, "fig2_critical_lr_L10"));
            assertVerdict(DISAGREES, claim(claims, "fig2_critical_lr_L40"));
        }

        @Test
        void oneGridStepIsTheEdge() {
            double lb = predicted(10);
            for (double steps : new double[]{0.999, -0.999}) {
                assertVerdict(AGREES, claim(FIG2.claims(rowsWithEtaC(10, lb * Math.pow(Q, steps)), RUNNER),
                        "fig2_critical_lr_L10"));
            }
            for (double steps : new double[]{1.001, -1.001}) {
                assertVerdict(DISAGREES, claim(FIG2.claims(rowsWithEtaC(10, lb * Math.pow(Q, steps)), RUNNER),
                        "fig2_critical_lr_L10"));
            }
        }

        @Test
        void undeterminedWhenNoEtaSucceeds() {
            Claim c = claim(FIG2.claims(depthRows(20, Double.NaN, FIG2_GRID), RUNNER), "fig2_critical_lr_L20");
            assertVerdict(UNDETERMINED, c);
            assertTrue(Double.isNaN(c.value()));
        }
    }

    @Nested
    class Fig2Scaling {
        private Claim scaling(List<SweepRow> rows) {
            return claim(FIG2.claims(rows, RUNNER), "fig2_scaling");
        }

        @Test
        void agreesWhenBothEndsSitAtTheirNearestGridPoints() {
            // Each ηc is within half a step of its prediction, so the ratio is within one step of the predicted.
            Claim c = scaling(concat(gridRows(5, nearest(predicted(5))), gridRows(40, nearest(predicted(40)))));
            assertVerdict(AGREES, c);
            assertEquals(FIG2_GRID.get(nearest(predicted(5))) / FIG2_GRID.get(nearest(predicted(40))), c.value(),
                    1e-12);
        }

        @Test
        void disagreesWhenOneEndIsThreeGridStepsOff() {
            // ln(ηc/(1/(La)))/ln q is +0.21 at L = 5 and −0.04 at L = 40 for the nearest grid points (so their
            // ratio is 0.25 steps from the predicted one); three steps more at either end puts it ≈ 2.75 or 3.25
            // steps (a factor > q²) away.
            assertVerdict(DISAGREES, scaling(concat(gridRows(5, nearest(predicted(5))),
                    gridRows(40, nearest(predicted(40)) + 3))));
            assertVerdict(DISAGREES, scaling(concat(gridRows(5, nearest(predicted(5)) + 3),
                    gridRows(40, nearest(predicted(40))))));
        }

        @Test
        void usesOnlyTheShallowestAndDeepestDepths() {
            List<SweepRow> rows = concat(gridRows(5, nearest(predicted(5))), gridRows(10, 0),
                    gridRows(40, nearest(predicted(40))));
            assertVerdict(AGREES, scaling(rows));
        }

        @Test
        void aFactorQSquaredIsTheEdge() {
            for (double steps : new double[]{1.999, -1.999}) {
                assertVerdict(AGREES, scaling(concat(rowsWithEtaC(5, predicted(5)),
                        rowsWithEtaC(40, predicted(40) * Math.pow(Q, steps)))));
            }
            for (double steps : new double[]{2.001, -2.001}) {
                assertVerdict(DISAGREES, scaling(concat(rowsWithEtaC(5, predicted(5)),
                        rowsWithEtaC(40, predicted(40) * Math.pow(Q, steps)))));
            }
        }

        @Test
        void undeterminedWhenAnEndHasNoSucceedingEta() {
            assertVerdict(UNDETERMINED, scaling(concat(gridRows(5, nearest(predicted(5))),
                    depthRows(40, Double.NaN, FIG2_GRID))));
        }

        @Test
        void absentWithASingleDepth() {
            List<Claim> claims = FIG2.claims(gridRows(5, nearest(predicted(5))), RUNNER);
            assertFalse(claims.stream().anyMatch(c -> c.id().equals("fig2_scaling")));
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Fig6Underdetermined
    // ---------------------------------------------------------------------------------------------------------

    private static final Fig6Underdetermined.Config FIG6_CONFIG = Fig6Underdetermined.Config.paper();
    private static final Fig6Underdetermined FIG6 = new Fig6Underdetermined(FIG6_CONFIG);

    /** A converged run at the regression rate η = 0.001 with ln S = x and ln gap = y. */
    private static SweepRow point(double x, double y) {
        return run(0.2, FIG6_CONFIG.regressionRate()).data(FIG6_CONFIG.data(), FIG6_CONFIG.testData()).depth(5)
                .sharpness(Math.exp(x)).gap(Math.exp(y)).build();
    }

    /** Points ln S = 1..5 on the exact line ln gap = 1 + slope·ln S. */
    private static List<SweepRow> line(double slope) {
        List<SweepRow> rows = new ArrayList<>();
        for (int x = 1; x <= 5; x++) {
            rows.add(point(x, 1 + slope * x));
        }
        return rows;
    }

    /** ln S = 1..5, ln gap = (2, 4, 5, 4, 5) + k·ln S: slope 0.6 + k, SE √0.08 whatever k. */
    private static List<SweepRow> handTable(double k) {
        double[] y = {2, 4, 5, 4, 5};
        List<SweepRow> rows = new ArrayList<>();
        for (int x = 1; x <= 5; x++) {
            rows.add(point(x, y[x - 1] + k * x));
        }
        return rows;
    }

    private static Claim fig6b(List<SweepRow> rows) {
        return claim(FIG6.claims(rows, RUNNER), "fig6b_regression");
    }

    @Nested
    class Fig6bRegression {
        @Test
        void handComputedTableAgrees() {
            // x = ln S = 1..5, y = ln gap = 2, 4, 5, 4, 5: x̄ = 3, ȳ = 4, Sxx = 10, Sxy = 6, Syy = 6;
            // slope = Sxy/Sxx = 0.6, intercept = ȳ − 0.6·x̄ = 2.2; residuals (−0.8, 0.6, 1, −0.6, −0.2), SSE = 2.4,
            // s² = SSE/(n − 2) = 0.8, SE = √(s²/Sxx) = √0.08 ≈ 0.2828; R² = 1 − SSE/Syy = 0.6.
            // |0.6 − 0.42| = 0.18 ≤ max(2·0.2828, 0.05) = 0.5657 → agrees.
            List<SweepRow> rows = handTable(0);
            Stats.Ols fit = FIG6.regression(rows);
            assertEquals(5, fit.n());
            assertEquals(0.6, fit.slope(), 1e-12);
            assertEquals(2.2, fit.intercept(), 1e-12);
            assertEquals(Math.sqrt(0.08), fit.slopeStandardError(), 1e-12);
            assertEquals(0.6, fit.rSquared(), 1e-12);
            Claim c = fig6b(rows);
            assertVerdict(AGREES, c);
            assertEquals(0.6, c.value(), 1e-12);
        }

        @Test
        void divergedAndNonPositiveGapRunsAreLeftOutAndCounted() {
            List<SweepRow> rows = new ArrayList<>(handTable(0));
            double eta = FIG6_CONFIG.regressionRate();
            // A diverged run that (unlike real ones) carries finite cells: only its diverged flag can leave it out.
            rows.add(run(0.3, eta).depth(5).diverged().sharpness(Math.exp(5)).gap(Math.exp(-20)).build());
            rows.add(run(0.3, eta).depth(5).sharpness(Math.exp(5)).gap(0).build());
            rows.add(run(0.3, eta).depth(5).sharpness(Math.exp(5)).gap(-1).build());
            // Another η: neither in the fit nor counted as left out.
            rows.add(run(0.3, 0.004).depth(5).sharpness(Math.exp(5)).gap(Math.exp(-20)).build());
            Claim c = fig6b(rows);
            assertVerdict(AGREES, c);
            assertEquals(0.6, c.value(), 1e-12);
            assertTrue(c.measured().contains("n = 5 (3 runs left out"), c.measured());
        }

        @Test
        void anExactLineOfSlope1Disagrees() {
            Claim c = fig6b(line(1));
            assertVerdict(DISAGREES, c); // SE = 0, so the tolerance is 0.05 and |1 − 0.42| = 0.58
            assertEquals(1, c.value(), 1e-12);
        }

        @Test
        void anExactLineOfSlope044Agrees() {
            assertVerdict(AGREES, fig6b(line(0.44)));
        }

        @Test
        void theAbsoluteToleranceIs005() {
            assertVerdict(AGREES, fig6b(line(0.469)));
            assertVerdict(AGREES, fig6b(line(0.371)));
            assertVerdict(DISAGREES, fig6b(line(0.471)));
            assertVerdict(DISAGREES, fig6b(line(0.369)));
        }

        @Test
        void theToleranceIsTwoStandardErrorsWhenLarger() {
            // handTable(k) has slope 0.6 + k and SE √0.08 (shearing y by k·x leaves the residuals alone).
            double twoSe = 2 * Math.sqrt(0.08);
            assertVerdict(AGREES, fig6b(handTable(0.42 + twoSe - 0.001 - 0.6)));
            assertVerdict(DISAGREES, fig6b(handTable(0.42 + twoSe + 0.001 - 0.6)));
            // The lower edge 0.42 − 2·SE is negative here, where the sign decides (the next test); the lower 2·SE
            // edge with a positive slope is in regressionClaimOnHandMadeFits.
        }

        @Test
        void aNegativeSlopeDoesNotAgreeWithSharperGeneralizesWorse() {
            // handTable(−0.75): slope −0.15, SE √0.08 ≈ 0.283, |−0.15 − 0.42| = 0.57 > 0.566 would disagree;
            // handTable(−0.74): slope −0.14, |−0.56| ≤ 0.566 → the rule says AGREES.
            Claim c = fig6b(handTable(-0.74));
            assertEquals(-0.14, c.value(), 1e-12);
            assertTrue(c.verdict() != AGREES, c.verdict() + ": " + c.measured());
        }

        @Test
        void undeterminedWithFewerThanThreeUsableRuns() {
            double eta = FIG6_CONFIG.regressionRate();
            List<SweepRow> rows = List.of(point(1, 1), point(2, 2), run(0.3, eta).depth(5).diverged().build(),
                    run(0.3, eta).depth(5).sharpness(Math.exp(3)).gap(0).build(),
                    run(0.3, 0.004).depth(5).sharpness(Math.exp(3)).gap(Math.exp(3)).build());
            Claim c = fig6b(rows);
            assertVerdict(UNDETERMINED, c);
            assertTrue(Double.isNaN(c.value()));
        }

        @Test
        void undeterminedWhenEverySharpnessIsTheSame() {
            assertVerdict(UNDETERMINED, fig6b(List.of(point(2, 1), point(2, 2), point(2, 3))));
        }

        /** The rule alone, on fits built by hand (regressionClaim is package-private). */
        @Test
        void regressionClaimOnHandMadeFits() {
            assertVerdict(AGREES, FIG6.regressionClaim(fit(0.42 + 0.0499, 0), 0));
            assertVerdict(DISAGREES, FIG6.regressionClaim(fit(0.42 + 0.0501, 0), 0));
            assertVerdict(AGREES, FIG6.regressionClaim(fit(0.42 - 0.199, 0.1), 0));
            assertVerdict(DISAGREES, FIG6.regressionClaim(fit(0.42 + 0.201, 0.1), 0));
            assertVerdict(UNDETERMINED, FIG6.regressionClaim(null, 7));
            assertTrue(FIG6.regressionClaim(fit(0.5, 0.1), 7).measured().contains("7 runs left out"));
        }

        private Stats.Ols fit(double slope, double se) {
            return new Stats.Ols(10, slope, 0, se, Double.NaN, Double.NaN, 0.5, slope - 2 * se, slope + 2 * se);
        }
    }

    @Nested
    class Fig6aSharperWithScale {
        private final double[] scales = {0.1, 0.1325, 0.165, 0.1975, 0.23};

        private Claim verdictOf(int[] ranks) {
            List<SweepRow> rows = new ArrayList<>(rankedSharpness(FIG6_CONFIG.regressionRate(), scales, ranks));
            // Ignored: the reverse at another η, and diverged runs at the largest scale with a tiny (finite) S.
            rows.addAll(rankedSharpness(0.004, scales, DECREASING));
            rows.addAll(times(3, run(0.36, FIG6_CONFIG.regressionRate()).diverged().sharpness(1)));
            return claim(FIG6.claims(rows, RUNNER), "fig6a_sharper_with_scale");
        }

        @Test
        void agreesWhenSignificantlyIncreasing() {
            Claim c = verdictOf(INCREASING);
            assertVerdict(AGREES, c);
            assertEquals(1, c.value(), 1e-12);
            assertVerdict(AGREES, verdictOf(RHO_09)); // p ≈ 0.037
        }

        @Test
        void disagreesWhenPositiveButNotSignificant() {
            Claim c = verdictOf(RHO_08); // p ≈ 0.104
            assertVerdict(DISAGREES, c);
            assertEquals(0.8, c.value(), 1e-12);
        }

        @Test
        void disagreesWhenDecreasing() {
            assertVerdict(DISAGREES, verdictOf(DECREASING));
        }

        @Test
        void undeterminedWithFewerThanThreeRuns() {
            List<SweepRow> rows = rankedSharpness(FIG6_CONFIG.regressionRate(), new double[]{0.1, 0.2},
                    new int[]{1, 2});
            assertVerdict(UNDETERMINED, claim(FIG6.claims(rows, RUNNER), "fig6a_sharper_with_scale"));
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // PowerVsLanczos (reported only)
    // ---------------------------------------------------------------------------------------------------------

    @Test
    void powerVsLanczosIsReportedWithTheShareAboveOnePercent() {
        List<SweepRow> rows = new ArrayList<>();
        // Converged: 0.001, 0.01 (not above: strictly more than 1% counts), 0.02, 0.5 → 2 of 4.
        for (double d : new double[]{0.001, 0.01, 0.02, 0.5}) {
            rows.add(run(0.3, 0.02).powerRelativeDifference(d).initSharpness(10, 10).build());
        }
        // Neither diverged nor converged: 0.2, 0.001, 0.003 → 1 of 3.
        for (double d : new double[]{0.2, 0.001, 0.003}) {
            rows.add(run(0.3, 0.02).failed().powerRelativeDifference(d).initSharpness(10, 12).build());
        }
        // Diverged (with a finite difference on purpose): in no final group; at initialization |10.05 − 10|/10 = 0.005.
        rows.add(run(0.3, 0.2).diverged().powerRelativeDifference(0.9).initSharpness(10, 10.05).build());
        // At initialization: 0, 0, 0, 0, 0.2, 0.2, 0.2, 0.005 → 3 of 8.
        List<Claim> claims = PowerVsLanczos.claims(rows);
        assertEquals(List.of("power_vs_lanczos_final", "power_vs_lanczos_unconverged", "power_vs_lanczos_init"),
                claims.stream().map(Claim::id).toList());
        double[] expected = {0.5, 1.0 / 3, 3.0 / 8};
        for (int i = 0; i < 3; i++) {
            assertVerdict(REPORTED, claims.get(i));
            assertEquals(Claim.NO_RULE, claims.get(i).rule());
            assertEquals(expected[i], claims.get(i).value(), 1e-15, claims.get(i).id());
        }
    }
}
