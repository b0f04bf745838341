package org.dlnlab.train;

import org.dlnlab.curvature.Sharpness;
import org.dlnlab.curvature.SpectrumEstimate;
import org.dlnlab.objective.Objective;

import java.util.function.Consumer;

/**
 * Full-batch gradient descent W ← W − η∇R(W) with the fused step of {@link Objective#gdStep}, sharpness
 * samples every K steps, and divergence detection ({@link Divergence}). The run stops early, keeping what it has,
 * when the calling thread is interrupted.
 *
 * @param sharpnessEvery K, or 0 for no sharpness samples along the way
 * @param weightsEvery   M: every M-th record carries a copy of its weights (0: only the final one), for observers
 *                       that measure more than the fused step computes
 */
public record GradientDescent(double learningRate, int steps, int sharpnessEvery, int weightsEvery) {
    public GradientDescent(double learningRate, int steps, int sharpnessEvery) {
        this(learningRate, steps, sharpnessEvery, 0);
    }

    public GradientDescent {
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be positive and finite");
        }
        if (steps < 0 || sharpnessEvery < 0 || weightsEvery < 0) {
            throw new IllegalArgumentException("steps and sampling interval must be ≥ 0");
        }
    }

    /**
     * Trains w in place. The observer sees every point W(0), …, W(steps) with its loss (not the diverged one).
     * The final sharpness is always computed with the given estimator unless the run diverged.
     */
    public TrainResult run(Objective objective, double[] w, Sharpness sharpness, Consumer<StepRecord> observer) {
        Divergence rule = null;
        for (int t = 0; t < steps; t++) {
            if (Thread.currentThread().isInterrupted()) {
                return finish(objective, w, sharpness, observer, t, true, rule);
            }
            SpectrumEstimate sample = sharpnessEvery > 0 && t % sharpnessEvery == 0 ? sharpness.at(objective, w) : null;
            // The fused step overwrites w, so a record that shows its weights needs them copied first.
            double[] snapshot = weightsEvery > 0 && t % weightsEvery == 0 ? w.clone() : null;
            double loss = objective.gdStep(w, learningRate);
            if (t == 0) {
                rule = Divergence.from(objective, loss);
            }
            if (rule.diverged(loss, objective.gradientNorm())) {
                return diverged(t, false);
            }
            observer.accept(new StepRecord(t, t * learningRate, loss, objective.sqDistance(),
                    objective.gradientNorm(), sample, snapshot));
        }
        return finish(objective, w, sharpness, observer, steps, false, rule);
    }

    /** The final point; rule is null when no step was taken (the final point is then the initial one). */
    private TrainResult finish(Objective objective, double[] w, Sharpness sharpness, Consumer<StepRecord> observer,
                               int t, boolean interrupted, Divergence rule) {
        double loss = objective.setPoint(w);
        if ((rule != null ? rule : Divergence.from(objective, loss)).diverged(loss, objective.gradientNorm())) {
            return diverged(t, interrupted);
        }
        double sq = objective.sqDistance();
        double grad = objective.gradientNorm();
        SpectrumEstimate s = sharpness.at(objective, w);
        observer.accept(new StepRecord(t, t * learningRate, loss, sq, grad,
                sharpnessEvery > 0 && t % sharpnessEvery == 0 ? s : null, w));
        return new TrainResult(false, -1, interrupted, t, loss, sq, grad, s, w);
    }

    private static TrainResult diverged(int step, boolean interrupted) {
        return new TrainResult(true, step, interrupted, step, Double.NaN, Double.NaN, Double.NaN, null, null);
    }
}
