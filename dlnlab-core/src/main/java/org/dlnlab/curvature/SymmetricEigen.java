package org.dlnlab.curvature;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

import java.util.Arrays;

/**
 * Eigenpairs of a dense symmetric matrix by EJML, eigenvalues in descending order: the one dense eigendecomposition
 * behind the dense oracle, Lanczos' Ritz pairs and the quadrature of the spectral density.
 *
 * @param values  every eigenvalue, largest first
 * @param vectors unit eigenvectors of the first values, as many as asked for
 */
record SymmetricEigen(double[] values, double[][] vectors) {
    /**
     * Decomposes a (which it overwrites) and keeps the eigenvectors of the largest {@code vectorCount} eigenvalues.
     *
     * @param what names the matrix in the error of a failed decomposition
     */
    static SymmetricEigen of(DMatrixRMaj a, int vectorCount, String what) {
        int n = a.numRows;
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, true, true);
        if (!eig.decompose(a)) {
            throw new IllegalStateException("eigendecomposition of " + what + " failed");
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(eig.getEigenvalue(y).real, eig.getEigenvalue(x).real));
        double[] values = new double[n];
        double[][] vectors = new double[Math.min(vectorCount, n)][];
        for (int i = 0; i < n; i++) {
            values[i] = eig.getEigenvalue(order[i]).real;
            if (i < vectors.length) {
                vectors[i] = eig.getEigenVector(order[i]).data.clone();
            }
        }
        return new SymmetricEigen(values, vectors);
    }
}
