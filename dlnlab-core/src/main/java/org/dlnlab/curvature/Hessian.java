package org.dlnlab.curvature;

/**
 * The Hessian of an objective at one point, as the sharpness estimators use it: its product (the HVP), and where
 * the objective can offer them, its restriction to its range and its dense matrix.
 */
public interface Hessian extends SymmetricOperator {
    /** Dimensions above which {@link #dense()} is refused (an N × N matrix of doubles, and an O(N³) eigensolver). */
    int DENSE_MAX_DIMENSION = 6000;

    /** H restricted to its range in orthonormal coordinates, or null when that space is not smaller than R^N. */
    default RangeRestriction range() {
        return null;
    }

    /**
     * The N × N matrix, row-major; only for N ≤ {@link #DENSE_MAX_DIMENSION}. By default N products with unit
     * vectors, symmetrized (the two triangles differ by rounding only); an objective with a closed form overrides it.
     */
    default double[] dense() {
        int n = dimension();
        double[] m = new double[n * n];
        double[] e = new double[n];
        double[] column = new double[n];
        for (int j = 0; j < n; j++) {
            e[j] = 1;
            apply(e, column);
            e[j] = 0;
            for (int i = 0; i < n; i++) {
                m[i * n + j] = column[i];
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                double s = 0.5 * (m[i * n + j] + m[j * n + i]);
                m[i * n + j] = s;
                m[j * n + i] = s;
            }
        }
        return m;
    }
}
