package org.dlnlab.curvature;

/**
 * A Hessian H = P_S H P_S restricted to a subspace S that holds its range, in M orthonormal coordinates of S: the same
 * Krylov spaces and power iterates as on R^N at a lower cost per product. Coordinate vectors may be constrained
 * (some coordinate combinations describe no vector of S).
 */
public interface RangeRestriction extends SymmetricOperator {
    /** c = the coordinates of P_S v, for v in R^N. */
    void project(double[] v, double[] c);

    /** v = the vector of R^N with coordinates c (which must satisfy the constraint). */
    void expand(double[] c, double[] v);

    /** c ← the nearest coordinate vector that satisfies the constraint. */
    void constrain(double[] c);

    /** dim S: the dimension of the coordinate vectors that satisfy the constraint (at most M). */
    int subspaceDimension();
}
