package org.dlnlab.experiments.store;

/**
 * One point of a trajectory (Fig. 1c/1d and the residual analogue): the state W(t) before step t, with a
 * checked-Lanczos sharpness sample every K steps (empty cells between samples), mse convention. The components
 * are the columns ({@link Columns}).
 */
public record TrajectoryRow(String figure, String runKey, long seed, String init, double scale,
                            double learningRate, int step, double loss, double sqDistance, double gradNorm,
                            double sharpness, double sharpnessResidual) {
}
