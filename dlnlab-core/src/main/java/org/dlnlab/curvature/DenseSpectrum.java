package org.dlnlab.curvature;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

import java.util.Arrays;

/** Top eigenvalues of a dense symmetric matrix by a full eigendecomposition: the oracle for small nets. */
public final class DenseSpectrum {
    private DenseSpectrum() {
    }

    public static SpectrumEstimate top(DMatrixRMaj h, int k) {
        int n = h.numRows;
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, true, true);
        if (!eig.decompose(h.copy())) {
            throw new IllegalStateException("dense symmetric eigendecomposition failed");
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(eig.getEigenvalue(b).real, eig.getEigenvalue(a).real));
        int count = Math.min(k, n);
        double[] values = new double[count];
        double[] residuals = new double[count];
        double[][] vectors = new double[count][];
        for (int i = 0; i < count; i++) {
            values[i] = eig.getEigenvalue(order[i]).real;
            vectors[i] = eig.getEigenVector(order[i]).data.clone();
            residuals[i] = residual(h, values[i], vectors[i]);
        }
        double gap = n > 1 ? values[0] - eig.getEigenvalue(order[1]).real : Double.NaN;
        return new SpectrumEstimate("dense", values, residuals, gap, 0, true, vectors);
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
