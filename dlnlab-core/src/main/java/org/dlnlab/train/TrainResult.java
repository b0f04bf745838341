package org.dlnlab.train;

import org.dlnlab.curvature.SpectrumEstimate;

/**
 * The end of a run. A diverged run stops at the step where the loss or gradient became non-finite or the loss
 * exceeded the cap; it has no final values (NaN internally, null in every output) and no weights.
 *
 * @param divergedAtStep the step of divergence, or -1
 * @param stepsDone      steps actually taken
 * @param weights        final parameters, null for a diverged run
 */
public record TrainResult(boolean diverged, int divergedAtStep, boolean interrupted, int stepsDone, double finalLoss,
                          double finalSqDistance, double finalGradNorm, SpectrumEstimate finalSharpness,
                          double[] weights) {
}
