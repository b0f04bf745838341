package org.dlnlab.train;

import org.dlnlab.curvature.SpectrumEstimate;

/**
 * What an observer sees at one point of a trajectory.
 *
 * @param time       continuous time t = step·η (the gradient-flow clock)
 * @param sqDistance ‖E − W*‖²/(d·p), the paper's squared distance
 * @param sharpness  a sharpness sample, or null at steps without one
 * @param weights    the parameters at this point, for observers that measure more (structure diagnostics);
 *                   null where the trainer does not provide them. Valid only during the callback: copy to keep.
 */
public record StepRecord(int step, double time, double loss, double sqDistance, double gradNorm,
                         SpectrumEstimate sharpness, double[] weights) {
}
