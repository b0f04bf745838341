package org.dlnlab.train;

import org.dlnlab.curvature.Sharpness;
import org.dlnlab.curvature.SpectrumEstimate;
import org.dlnlab.objective.Objective;

import java.util.function.Consumer;

/**
 * The end of a run. A diverged run stops at the step where the loss or gradient became non-finite or the loss
 * exceeded the cap; it has no final values (NaN internally, null in every output) and no weights.
 *
 * @param stopReason     why the run ended
 * @param divergedAtStep the step of divergence, or -1
 * @param stepsDone      steps actually taken
 * @param weights        final parameters, null for a diverged run
 */
public record TrainResult(StopReason stopReason, int divergedAtStep, int stepsDone, double finalLoss,
                          double finalSqDistance, double finalGradNorm, SpectrumEstimate finalSharpness,
                          double[] weights) {

    /**
     * The end of a run at w, the point of the given index and time, for GD and flow alike: evaluated, checked for
     * divergence, its sharpness always estimated and shown to the observer (as a sample when index is a multiple of
     * sharpnessEvery).
     */
    static TrainResult atFinalPoint(Objective objective, double[] w, Sharpness sharpness, Consumer<StepRecord> observer,
                                    int index, double time, int sharpnessEvery, StopReason reason,
                                    Divergence divergence) {
        double loss = objective.setPoint(w);
        double grad = objective.gradientNorm();
        if (divergence.diverged(loss, grad)) {
            return diverged(index);
        }
        double sq = objective.sqDistance();
        SpectrumEstimate s = sharpness.at(objective.hessianAt(w));
        observer.accept(new StepRecord(index, time, loss, sq, grad,
                sharpnessEvery > 0 && index % sharpnessEvery == 0 ? s : null, w));
        return new TrainResult(reason, -1, index, loss, sq, grad, s, w);
    }

    /** A run that diverged at this step: no final values, no weights. */
    static TrainResult diverged(int step) {
        return new TrainResult(StopReason.DIVERGED, step, step, Double.NaN, Double.NaN, Double.NaN, null, null);
    }

    public boolean diverged() {
        return stopReason == StopReason.DIVERGED;
    }

    public boolean interrupted() {
        return stopReason == StopReason.INTERRUPTED;
    }
}
