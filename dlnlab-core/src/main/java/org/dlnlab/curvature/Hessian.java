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

    /** The N × N matrix, row-major; only for N ≤ {@link #DENSE_MAX_DIMENSION}. */
    double[] dense();
}
