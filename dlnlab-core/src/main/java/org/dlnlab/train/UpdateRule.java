package org.dlnlab.train;

import org.dlnlab.objective.Objective;

/**
 * How the weights move from one step to the next, as a value: {@link #start} makes the rule's state for one run
 * (optax's init) and the returned {@link Step} applies one update (optax's update). {@link Trainer} runs any rule
 * with the same sampling, divergence detection and interruption.
 */
public interface UpdateRule {
    double learningRate();

    /** The largest sharpness (in the objective's convention) of a minimizer this rule can converge to. */
    double stabilityLimit();

    /** The rule's state for a run on this objective (buffers allocated here, none per step). */
    Step start(Objective objective);

    /** One update of a run. */
    interface Step {
        /**
         * Moves w one step. Returns R at w before the step; the objective's {@link Objective#sqDistance()} and
         * {@link Objective#gradientNorm()} then refer to that point too.
         */
        double apply(double[] w);
    }

    /** W ← W − η∇R(W), on the objective's fused step. */
    static UpdateRule gradientDescent(double learningRate) {
        return new GradientDescentRule(learningRate);
    }

    /**
     * Heavy-ball momentum in the convention of torch.optim.SGD(momentum=β, dampening=0): v ← βv − η∇R(W), W ← W + v,
     * v₀ = 0.
     */
    static UpdateRule momentum(double learningRate, double beta) {
        return new HeavyBall(learningRate, beta);
    }

    /** @see #gradientDescent */
    record GradientDescentRule(double learningRate) implements UpdateRule {
        public GradientDescentRule {
            requirePositive(learningRate);
        }

        /** 2/η: a minimizer sharper than that repels GD. */
        @Override
        public double stabilityLimit() {
            return 2 / learningRate;
        }

        @Override
        public Step start(Objective objective) {
            return w -> objective.gdStep(w, learningRate);
        }
    }

    /** @see #momentum */
    record HeavyBall(double learningRate, double beta) implements UpdateRule {
        public HeavyBall {
            requirePositive(learningRate);
            if (!(beta >= 0 && beta < 1)) {
                throw new IllegalArgumentException("momentum β must be in [0, 1), got " + beta);
            }
        }

        /**
         * 2(1 + β)/η: on a quadratic with curvature λ the recurrence is stable iff ηλ &lt; 2(1 + β) (its
         * characteristic roots z² − (1 + β − ηλ)z + β = 0 leave the unit disc through z = −1).
         */
        @Override
        public double stabilityLimit() {
            return 2 * (1 + beta) / learningRate;
        }

        @Override
        public Step start(Objective objective) {
            int n = objective.model().parameterCount();
            double[] velocity = new double[n];
            double[] gradient = new double[n];
            return w -> {
                double loss = objective.setPoint(w);
                objective.gradient(gradient);
                for (int i = 0; i < n; i++) {
                    velocity[i] = beta * velocity[i] - learningRate * gradient[i];
                    w[i] += velocity[i];
                }
                return loss;
            };
        }
    }

    private static void requirePositive(double learningRate) {
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be positive and finite");
        }
    }
}
