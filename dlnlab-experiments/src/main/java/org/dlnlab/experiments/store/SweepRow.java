package org.dlnlab.experiments.store;

/**
 * One row of a sweep's tidy CSV: one run, its configuration, and what it measured; the components are the
 * columns ({@link Columns}). Every sharpness is in the paper's mse convention; sharpness by our checked Lanczos
 * (residual ‖Hv − θv‖, HVP count) unless named {@code _power} (the paper's 20-step power iteration, |λ|). A
 * diverged run has empty final cells.
 *
 * @param divergedAtStep          the step at which the run diverged, or null
 * @param finalSharpnessHvps      HVPs of the final Lanczos estimate, or null for a diverged run
 * @param finalSharpnessConverged whether the final Lanczos estimate met its tolerance, or null for a diverged run
 * @param powerRelativeDifference |power − Lanczos| / |Lanczos| at the final weights
 * @param testLoss                risk of the final network on the test data (its own Σ, w*, R_min), or NaN
 * @param generalizationGap       test loss − training loss, or NaN
 */
public record SweepRow(String figure, String runKey, long seed, String data, String testData, int depth, int width,
                       String projection, String init, double scale, double learningRate, int steps, int rep,
                       boolean diverged, Integer divergedAtStep, int stepsDone, boolean converged,
                       double initLoss, double initSqDistance, double initSharpness, double initSharpnessResidual,
                       int initSharpnessHvps, double initSharpnessPower,
                       double finalLoss, double finalSqDistance, double finalGradNorm,
                       double finalSharpness, double finalSharpnessResidual, Integer finalSharpnessHvps,
                       Boolean finalSharpnessConverged, double finalSharpnessPower, double finalSharpnessPowerResidual,
                       double powerRelativeDifference, double testLoss, double generalizationGap) {
}
