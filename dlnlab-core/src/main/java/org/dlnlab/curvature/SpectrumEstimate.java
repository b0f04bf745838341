package org.dlnlab.curvature;

/**
 * Top eigenvalues of a symmetric operator with their certificate: for each eigenvalue θ_i the residual
 * ‖Hv_i − θ_i v_i‖ of its unit vector (some eigenvalue of H lies within it), the gap θ_1 − θ_2 (NaN when
 * unknown), the number of operator applications spent, and whether the method's tolerance was met.
 *
 * @param eigenvalues   in descending order; eigenvalues[0] is the sharpness
 * @param topVector     unit vector of eigenvalues[0], for warm starts (not part of any output file)
 */
public record SpectrumEstimate(String method, double[] eigenvalues, double[] residualNorms, double gap, int hvps,
                               boolean converged, double[] topVector) {
    public double top() {
        return eigenvalues[0];
    }

    public double topResidual() {
        return residualNorms[0];
    }
}
