package org.dlnlab.train;

/**
 * The end of a {@link GradientFlow} run: the usual {@link TrainResult} plus why and when the integration
 * stopped and what it cost.
 * <p>
 * In {@link #result()} the step counts refer to the sampling grid, as {@link StepRecord#step()} does:
 * {@code stepsDone} is the index of the final record and {@code divergedAtStep} the index the first diverged
 * sample would have had. The integrator's own counts are the fields here.
 *
 * @param result        final loss, distance, gradient norm, sharpness and weights (null when diverged)
 * @param finalTime     the time reached: T, the time where a stop rule was met, the end of the last
 *                      accepted step before an interruption, or the last good time before divergence
 * @param acceptedSteps integration steps accepted by the error control
 * @param rejectedSteps step attempts rejected by the error control (Hipparchus does not expose this count;
 *                      it is counted here by observing every call of the integrator's error estimate)
 * @param evaluations   right-hand-side evaluations (gradients) spent by the integrator, as Hipparchus counts
 *                      them; the objective evaluations made for sampling, divergence checks and the
 *                      gradient-norm event are not included
 * @param integrator    the Hipparchus integrator's name
 */
public record FlowResult(TrainResult result, double finalTime, int acceptedSteps,
                         int rejectedSteps, int evaluations, String integrator) {

    /** Why the integration ended. */
    public StopReason stopReason() {
        return result.stopReason();
    }

    public boolean diverged() {
        return result.diverged();
    }

    public double[] weights() {
        return result.weights();
    }
}
