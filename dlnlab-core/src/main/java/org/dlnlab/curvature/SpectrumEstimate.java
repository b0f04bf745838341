package org.dlnlab.curvature;

/**
 * Eigenvalues at one end of the spectrum of a symmetric operator with their certificate: for each eigenvalue θ_i the
 * residual ‖Hv_i − θ_i v_i‖ of its unit vector (some eigenvalue of H lies within it), the gap to the next eigenvalue
 * inward (NaN when unknown), the number of operator applications spent, and whether the method's tolerance was met.
 *
 * @param eigenvalues   from the end inward: descending for the top (eigenvalues[0] is the sharpness), ascending for
 *                      the bottom ({@link Sharpness#smallestAt})
 * @param vectors       unit vectors of the first eigenvalues (at least of eigenvalues[0]; power iteration has only
 *                      that one), in the operator's coordinates
 */
public record SpectrumEstimate(String method, double[] eigenvalues, double[] residualNorms, double gap, int hvps,
                               boolean converged, double[][] vectors) {
    public double top() {
        return eigenvalues[0];
    }

    public double topResidual() {
        return residualNorms[0];
    }

    /** The unit vector of eigenvalues[0], for warm starts. */
    public double[] topVector() {
        return vectors[0];
    }

    /** The same estimate for −H: eigenvalues negated (so the order turns), gap and vectors unchanged. */
    SpectrumEstimate negated() {
        double[] values = eigenvalues.clone();
        for (int i = 0; i < values.length; i++) {
            values[i] = -values[i];
        }
        return new SpectrumEstimate(method, values, residualNorms, gap, hvps, converged, vectors);
    }
}
