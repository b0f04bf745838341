package org.dlnlab.curvature;

/**
 * −H for a Hessian H, with its range restriction and dense matrix negated alike: the bottom of H's spectrum is the top
 * of −H's, so every top-end estimator finds λ_min too.
 */
final class Negated {
    private Negated() {
    }

    static Hessian of(Hessian h) {
        return new Hessian() {
            @Override
            public int dimension() {
                return h.dimension();
            }

            @Override
            public void apply(double[] v, double[] out) {
                h.apply(v, out);
                negate(out);
            }

            @Override
            public RangeRestriction range() {
                RangeRestriction r = h.range();
                return r == null ? null : of(r);
            }

            @Override
            public double[] dense() {
                double[] a = h.dense();
                negate(a);
                return a;
            }
        };
    }

    /** −H on the same range: H's coordinates and constraint, the product negated. */
    private static RangeRestriction of(RangeRestriction r) {
        return new RangeRestriction() {
            @Override
            public int dimension() {
                return r.dimension();
            }

            @Override
            public void apply(double[] c, double[] out) {
                r.apply(c, out);
                negate(out);
            }

            @Override
            public void project(double[] v, double[] c) {
                r.project(v, c);
            }

            @Override
            public void expand(double[] c, double[] v) {
                r.expand(c, v);
            }

            @Override
            public void constrain(double[] c) {
                r.constrain(c);
            }

            @Override
            public int subspaceDimension() {
                return r.subspaceDimension();
            }
        };
    }

    private static void negate(double[] a) {
        for (int i = 0; i < a.length; i++) {
            a[i] = -a[i];
        }
    }
}
