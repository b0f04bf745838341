package org.dlnlab.train;

import org.dlnlab.curvature.Sharpness;
import org.dlnlab.curvature.SpectrumEstimate;
import org.dlnlab.objective.Objective;

import java.util.List;
import java.util.function.Consumer;

/**
 * The training loop, for any {@link UpdateRule}: sharpness samples every K steps, divergence detection
 * ({@link Divergence}), {@link StopRule}s, and an early stop that keeps what it has when the calling thread is
 * interrupted. Time is t = step·η, the gradient-flow clock.
 *
 * @param sharpnessEvery K, or 0 for no sharpness samples along the way
 * @param weightsEvery   M: every M-th record carries a copy of its weights (0: only the final one), for observers
 *                       that measure more than the step computes
 * @param stops          rules that end the run early, checked at every step's point
 */
public record Trainer(UpdateRule rule, int steps, int sharpnessEvery, int weightsEvery, List<StopRule> stops) {
    /** Full-batch gradient descent W ← W − η∇R(W) on the objective's fused step. */
    public static Trainer gradientDescent(double learningRate, int steps, int sharpnessEvery) {
        return new Trainer(UpdateRule.gradientDescent(learningRate), steps, sharpnessEvery, 0);
    }

    public Trainer {
        if (steps < 0 || sharpnessEvery < 0 || weightsEvery < 0) {
            throw new IllegalArgumentException("steps and sampling interval must be ≥ 0");
        }
        stops = List.copyOf(stops);
    }

    /** A trainer that runs every step. */
    public Trainer(UpdateRule rule, int steps, int sharpnessEvery, int weightsEvery) {
        this(rule, steps, sharpnessEvery, weightsEvery, List.of());
    }

    /**
     * Trains w in place. The observer sees every point W(0), …, W(steps) with its loss (not the diverged one).
     * The final sharpness is always computed with the given estimator unless the run diverged.
     */
    public TrainResult run(Objective objective, double[] w, Sharpness sharpness, Consumer<StepRecord> observer) {
        UpdateRule.Step step = rule.start(objective);
        double eta = rule.learningRate();
        Divergence divergence = null;
        for (int t = 0; t < steps; t++) {
            if (Thread.currentThread().isInterrupted()) {
                return finish(objective, w, sharpness, observer, t, StopReason.INTERRUPTED, divergence);
            }
            SpectrumEstimate sample = sharpnessEvery > 0 && t % sharpnessEvery == 0
                    ? sharpness.at(objective.hessianAt(w)) : null;
            // The step overwrites w, so a record that shows its weights needs them copied first.
            double[] snapshot = weightsEvery > 0 && t % weightsEvery == 0 ? w.clone() : null;
            double loss = step.apply(w);
            if (t == 0) {
                divergence = Divergence.from(objective, loss);
            }
            if (divergence.diverged(loss, objective.gradientNorm())) {
                return TrainResult.diverged(t);
            }
            observer.accept(new StepRecord(t, t * eta, loss, objective.sqDistance(),
                    objective.gradientNorm(), sample, snapshot));
            // The objective still describes W(t); the step has moved w to W(t + 1), where the run ends.
            if (!stops.isEmpty() && StopRule.anyMet(stops, objective)) {
                return finish(objective, w, sharpness, observer, t + 1, StopReason.STOP_RULE, divergence);
            }
        }
        return finish(objective, w, sharpness, observer, steps, StopReason.COMPLETED, divergence);
    }

    /** The final point; divergence is null when no step was taken (the final point is then the initial one). */
    private TrainResult finish(Objective objective, double[] w, Sharpness sharpness, Consumer<StepRecord> observer,
                               int t, StopReason reason, Divergence divergence) {
        Divergence check = divergence != null ? divergence : Divergence.from(objective, objective.setPoint(w));
        return TrainResult.atFinalPoint(objective, w, sharpness, observer, t, t * rule.learningRate(), sharpnessEvery,
                reason, check);
    }
}
