package org.dlnlab.train;

import org.dlnlab.curvature.SpectrumEstimate;

/**
 * What an observer sees at one point of a trajectory.
 *
 * @param time       continuous time t = step·η (the gradient-flow clock)
 * @param sqDistance ‖E − W*‖²/(d·p), the paper's squared distance
 * @param sharpness  a sharpness sample, or null at steps without one
 */
public record StepRecord(int step, double time, double loss, double sqDistance, double gradNorm,
                         SpectrumEstimate sharpness) {
}
