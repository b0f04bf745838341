package org.dlnlab.train;

import org.dlnlab.objective.Objective;

/**
 * When a run has diverged, for gradient descent and gradient flow alike: a non-finite loss or gradient, or a loss
 * above {@value #FACTOR} × max(R(W(0)), R(0)), R(0) = c·‖Y‖²/n being the risk of the zero predictor. The second
 * scale keeps a start at or near a minimizer (an initial loss of round-off size) from turning round-off into
 * "divergence".
 *
 * @param lossLimit the loss above which a run has diverged
 */
public record Divergence(double lossLimit) {
    public static final double FACTOR = 1e6;

    /** The rule for a run that started at initialLoss on this objective. */
    public static Divergence from(Objective objective, double initialLoss) {
        return new Divergence(FACTOR * Math.max(initialLoss, objective.zeroPredictorRisk()));
    }

    public boolean diverged(double loss, double gradientNorm) {
        return !Double.isFinite(loss) || !Double.isFinite(gradientNorm) || loss > lossLimit;
    }
}
