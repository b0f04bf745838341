package org.dlnlab.experiments.papers.gidel;

/**
 * One sampled point of a Gidel run (the rows of g1, g5, g6): the strengths w_i = u_iᵀEv_i of the first three modes
 * of Σ_xy (NaN where the data have fewer), the off-diagonal mass, the trace norm ‖E‖_*, ‖E‖²_F and the distances
 * ‖E − W_RRR(r)‖_F, half-mse loss. {@code scale} is the init's δ (spectral) or s (small); time = ηk.
 */
public record ModeSample(String figure, String runKey, long seed, String data, int depth, String init, double scale,
                         double learningRate, int step, double time, double loss, double mode1, double mode2,
                         double mode3, double offDiagonalMass, double traceNorm, double frobeniusSq,
                         double rrrDistance1, double rrrDistance2, double rrrDistance3) {
    /** w_i for i = 0, 1, 2. */
    double mode(int i) {
        return i == 0 ? mode1 : i == 1 ? mode2 : mode3;
    }
}
