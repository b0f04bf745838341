package org.dlnlab.experiments.analysis;

import java.util.List;

/**
 * The success rules behind the measured critical learning rate (Fig. 1a, Fig. 2): a run converges when it
 * ends not diverged with squared distance ‖E − w*‖²/d &lt; {@value #DISTANCE_TOLERANCE}; a learning rate
 * succeeds when at least half of its runs converge; the measured critical rate is the largest learning rate
 * of the grid that succeeds.
 */
public final class CriticalRate {
    /** Squared distance below which a run counts as converged. */
    public static final double DISTANCE_TOLERANCE = 1e-3;

    private CriticalRate() {
    }

    /** One learning rate of a grid with how many of its runs converged. */
    public record Tally(double learningRate, int converged, int runs) {
        public double share() {
            return runs == 0 ? Double.NaN : (double) converged / runs;
        }
    }

    /** A run converges: not diverged and squared distance below the tolerance. */
    public static boolean converged(boolean diverged, double sqDistance) {
        return !diverged && sqDistance < DISTANCE_TOLERANCE;
    }

    /**
     * A run of a network with an activation converges: not diverged and its loss below the tolerance times R(0), the
     * zero predictor's (there is no end-to-end matrix to measure a distance with).
     */
    public static boolean convergedByLoss(boolean diverged, double loss, double zeroRisk) {
        return !diverged && loss < DISTANCE_TOLERANCE * zeroRisk;
    }

    /** At least half of the runs converged (and there was at least one run). */
    public static boolean succeeds(Tally t) {
        return t.runs() > 0 && 2L * t.converged() >= t.runs();
    }

    /** The largest learning rate that succeeds, or NaN when none does. */
    public static double measured(List<Tally> grid) {
        double best = Double.NaN;
        for (Tally t : grid) {
            if (succeeds(t) && !(t.learningRate() <= best)) {
                best = t.learningRate();
            }
        }
        return best;
    }

    /** Whether every learning rate below the measured critical one succeeds too (a clean threshold). */
    public static boolean monotone(List<Tally> grid) {
        double c = measured(grid);
        for (Tally t : grid) {
            if (t.learningRate() < c && !succeeds(t)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the predicted rate lies within one step of a geometric grid of ratio q from the measured one:
     * |log(measured/predicted)| ≤ log q.
     */
    public static boolean withinOneGridStep(double measured, double predicted, double ratio) {
        if (!(measured > 0) || !(predicted > 0) || !(ratio > 1)) {
            return false;
        }
        return Math.abs(Math.log(measured / predicted)) <= Math.log(ratio) * (1 + 1e-9);
    }
}
