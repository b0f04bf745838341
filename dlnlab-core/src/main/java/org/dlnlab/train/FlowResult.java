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
 * @param stopReason    why the integration ended
 * @param finalTime     the time reached: T, the time where ‖∇R‖ fell below the tolerance, the end of the last
 *                      accepted step before an interruption, or the last good time before divergence
 * @param acceptedSteps integration steps accepted by the error control
 * @param rejectedSteps step attempts rejected by the error control (Hipparchus does not expose this count;
 *                      it is counted here by observing every call of the integrator's error estimate)
 * @param evaluations   right-hand-side evaluations (gradients) spent by the integrator, as Hipparchus counts
 *                      them; the objective evaluations made for sampling, divergence checks and the
 *                      gradient-norm event are not included
 * @param integrator    the Hipparchus integrator's name
 */
public record FlowResult(TrainResult result, StopReason stopReason, double finalTime, int acceptedSteps,
                         int rejectedSteps, int evaluations, String integrator) {

    /** Why a gradient-flow integration ended. */
    public enum StopReason {
        /** The final time T was reached. */
        FINAL_TIME,
        /** ‖∇R‖ fell below the gradient-norm tolerance (possibly at t = 0). */
        GRADIENT_TOLERANCE,
        /** A value became non-finite or the loss exceeded the divergence cap. */
        DIVERGED,
        /** The calling thread was interrupted; the state at the last accepted step is kept. */
        INTERRUPTED
    }

    public boolean diverged() {
        return result.diverged();
    }

    public double[] weights() {
        return result.weights();
    }
}
