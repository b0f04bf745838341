package org.dlnlab.curvature;

import org.ejml.data.DMatrixRMaj;

import java.util.Arrays;

/** Top eigenvalues of a dense symmetric matrix by a full eigendecomposition: the oracle for small nets. */
public final class DenseSpectrum {
    private DenseSpectrum() {
    }

    public static SpectrumEstimate top(DMatrixRMaj h, int k) {
        int n = h.numRows;
        SymmetricEigen eig = SymmetricEigen.of(h.copy(), k, "the dense Hessian");
        int count = eig.vectors().length;
        double[] values = Arrays.copyOf(eig.values(), count);
        double[] residuals = new double[count];
        for (int i = 0; i < count; i++) {
            residuals[i] = residual(h, values[i], eig.vectors()[i]);
        }
        double gap = n > 1 ? eig.values()[0] - eig.values()[1] : Double.NaN;
        return new SpectrumEstimate("dense", values, residuals, gap, 0, true, eig.vectors());
    }

    private static double residual(DMatrixRMaj h, double lambda, double[] v) {
        int n = h.numRows;
        double s = 0;
        for (int i = 0; i < n; i++) {
            double r = -lambda * v[i];
            for (int j = 0; j < n; j++) {
                r += h.get(i, j) * v[j];
            }
            s += r * r;
        }
        return Math.sqrt(s);
    }
}
