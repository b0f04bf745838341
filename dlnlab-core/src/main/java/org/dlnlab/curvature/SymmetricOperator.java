package org.dlnlab.curvature;

/** A symmetric linear map given only by its action, such as a Hessian through its HVP. */
public interface SymmetricOperator {
    int dimension();

    /** out = H v; must not modify v. */
    void apply(double[] v, double[] out);
}
