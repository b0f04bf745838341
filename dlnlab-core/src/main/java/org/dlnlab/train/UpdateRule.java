package org.dlnlab.train;

import org.dlnlab.RandomStreams;
import org.dlnlab.data.Dataset;
import org.dlnlab.objective.MiniBatches;
import org.dlnlab.objective.Objective;

import java.util.SplittableRandom;

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

    /**
     * Mini-batch stochastic gradient descent: every epoch a fresh permutation of the n samples drawn from the stream
     * (seed, stream), cut in order into batches of batchSize (the last one smaller when it does not divide n), and
     * W ← W − η∇ℓ_B(W) with ℓ_B the mean loss over batch B. The step's returned loss, gradient norm and the
     * sharpness samples are those of the full-batch risk R, as for GD.
     */
    static UpdateRule sgd(double learningRate, int batchSize, Dataset data, long seed, String stream) {
        return new MiniBatchSgd(learningRate, batchSize, data, seed, stream);
    }

    /** @see #sgd */
    record MiniBatchSgd(double learningRate, int batchSize, Dataset data, long seed, String stream)
            implements UpdateRule {
        public MiniBatchSgd {
            requirePositive(learningRate);
            if (batchSize < 1 || batchSize > data.n()) {
                throw new IllegalArgumentException("the batch size must be in 1.." + data.n() + ", got " + batchSize);
            }
        }

        /** 2/η, GD's: the limit of the full-batch step that SGD's mean step is. */
        @Override
        public double stabilityLimit() {
            return 2 / learningRate;
        }

        @Override
        public Step start(Objective objective) {
            MiniBatches batches = new MiniBatches(objective.model(), data, objective.loss(), batchSize);
            SplittableRandom rng = RandomStreams.of(seed, stream);
            int n = data.n();
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            double[] gradient = new double[objective.model().parameterCount()];
            int[] cursor = {n};
            return w -> {
                double loss = objective.setPoint(w);
                if (cursor[0] == n) {
                    // Fisher–Yates on the previous order: each epoch's permutation is uniform and comes from the stream.
                    for (int i = n - 1; i > 0; i--) {
                        int j = rng.nextInt(i + 1);
                        int t = order[i];
                        order[i] = order[j];
                        order[j] = t;
                    }
                    cursor[0] = 0;
                }
                int to = Math.min(cursor[0] + batchSize, n);
                batches.gradient(w, order, cursor[0], to, gradient);
                cursor[0] = to;
                for (int i = 0; i < gradient.length; i++) {
                    w[i] -= learningRate * gradient[i];
                }
                return loss;
            };
        }
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
