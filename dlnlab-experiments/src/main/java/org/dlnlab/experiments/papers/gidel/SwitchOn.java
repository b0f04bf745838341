package org.dlnlab.experiments.papers.gidel;

/**
 * One mode of one Gidel run (the rows of g2, g3, g4): when it switched on (the first step with w_i ≥ σ_i/(2λ_i), null
 * if it did not), beside the predictions, and how close the run came to the σ-order plateau W_i and to W_RRR(i).
 *
 * @param delta             δ of the spectral init, or δ_eff = −ln σ_max(E(0)) of another start
 * @param commutator        ‖ΣΣ_xyΣ_xyᵀ − Σ_xyΣ_xyᵀΣ‖_F of the data
 * @param predictedStep     the balanced per-mode recurrence's switch-on step from w_i(0) = e^{−δ} (half-mse)
 * @param limitGd           GD's k/δ as δ → ∞: 1/(2 ln(1 + ησ_i))
 * @param limitFlow         the flow's t/δ as δ → ∞: 1/(2σ_i)
 * @param closestPlateau    min over the run of ‖E − W_i‖_F, W_i = Σ_{j≤i} (σ_j/λ_j) u_jv_jᵀ
 * @param closestRrr        min over the run of ‖E − W_RRR(i)‖_F
 */
public record SwitchOn(String figure, String runKey, long seed, String data, int depth, String init, double scale,
                       double learningRate, double delta, double commutator, int mode, double sigma, double lambda,
                       Integer step, double predictedStep, double limitGd, double limitFlow, double closestPlateau,
                       double closestRrr) {
}
