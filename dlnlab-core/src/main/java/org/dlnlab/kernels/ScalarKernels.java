package org.dlnlab.kernels;

/** Plain-Java {@link KernelImpl}: the reference arithmetic, the 16 lane sums kept in scalars. */
final class ScalarKernels implements KernelImpl {
    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void transMult(double[] w, int off, int rows, int cols, int j0, int j1, double[] x, int xOff,
                          double[] out, int oOff, boolean add) {
        if (!add) {
            for (int j = j0; j < j1; j++) {
                out[oOff + j] = 0.0;
            }
        }
        int i = 0;
        for (; i + 1 < rows; i += 2) {
            int r0 = off + i * cols;
            int r1 = r0 + cols;
            double x0 = x[xOff + i];
            double x1 = x[xOff + i + 1];
            for (int j = j0; j < j1; j++) {
                out[oOff + j] = Math.fma(w[r1 + j], x1, Math.fma(w[r0 + j], x0, out[oOff + j]));
            }
        }
        if (i < rows) {
            int r0 = off + i * cols;
            double x0 = x[xOff + i];
            for (int j = j0; j < j1; j++) {
                out[oOff + j] = Math.fma(w[r0 + j], x0, out[oOff + j]);
            }
        }
    }

    /** The canonical dot product of a[aOff ..] and b[bOff ..] over n entries ({@link KernelImpl}). */
    static double dotOf(double[] a, int aOff, double[] b, int bOff, int n) {
        int n16 = n & ~15;
        double u0 = 0.0;
        double u1 = 0.0;
        double u2 = 0.0;
        double u3 = 0.0;
        if (n16 > 0) {
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            double s4 = 0;
            double s5 = 0;
            double s6 = 0;
            double s7 = 0;
            double s8 = 0;
            double s9 = 0;
            double s10 = 0;
            double s11 = 0;
            double s12 = 0;
            double s13 = 0;
            double s14 = 0;
            double s15 = 0;
            for (int j = 0; j < n16; j += 16) {
                int p = aOff + j;
                int q = bOff + j;
                s0 = Math.fma(a[p], b[q], s0);
                s1 = Math.fma(a[p + 1], b[q + 1], s1);
                s2 = Math.fma(a[p + 2], b[q + 2], s2);
                s3 = Math.fma(a[p + 3], b[q + 3], s3);
                s4 = Math.fma(a[p + 4], b[q + 4], s4);
                s5 = Math.fma(a[p + 5], b[q + 5], s5);
                s6 = Math.fma(a[p + 6], b[q + 6], s6);
                s7 = Math.fma(a[p + 7], b[q + 7], s7);
                s8 = Math.fma(a[p + 8], b[q + 8], s8);
                s9 = Math.fma(a[p + 9], b[q + 9], s9);
                s10 = Math.fma(a[p + 10], b[q + 10], s10);
                s11 = Math.fma(a[p + 11], b[q + 11], s11);
                s12 = Math.fma(a[p + 12], b[q + 12], s12);
                s13 = Math.fma(a[p + 13], b[q + 13], s13);
                s14 = Math.fma(a[p + 14], b[q + 14], s14);
                s15 = Math.fma(a[p + 15], b[q + 15], s15);
            }
            u0 = (s0 + s8) + (s4 + s12);
            u1 = (s1 + s9) + (s5 + s13);
            u2 = (s2 + s10) + (s6 + s14);
            u3 = (s3 + s11) + (s7 + s15);
        }
        int t = n16;
        for (; t + 3 < n; t += 4) {
            u0 = Math.fma(a[aOff + t], b[bOff + t], u0);
            u1 = Math.fma(a[aOff + t + 1], b[bOff + t + 1], u1);
            u2 = Math.fma(a[aOff + t + 2], b[bOff + t + 2], u2);
            u3 = Math.fma(a[aOff + t + 3], b[bOff + t + 3], u3);
        }
        return finish(u0, u1, u2, u3, a, aOff, b, bOff, t, n);
    }

    /**
     * The end of a canonical dot product: the last n − t (&lt; 4) entries from position t added into the lane sums
     * u_0, u_1, u_2, then (u_0 + u_1) + (u_2 + u_3). Shared with {@link VectorKernels}, whose lane sums end the
     * same way.
     */
    static double finish(double u0, double u1, double u2, double u3, double[] a, int aOff, double[] b, int bOff,
                         int t, int n) {
        if (t < n) {
            u0 = Math.fma(a[aOff + t], b[bOff + t], u0);
            if (t + 1 < n) {
                u1 = Math.fma(a[aOff + t + 1], b[bOff + t + 1], u1);
                if (t + 2 < n) {
                    u2 = Math.fma(a[aOff + t + 2], b[bOff + t + 2], u2);
                }
            }
        }
        return (u0 + u1) + (u2 + u3);
    }

    @Override
    public void mult(double[] w, int off, int cols, int i0, int i1, double[] x, int xOff, double[] out, int oOff,
                     boolean add) {
        for (int i = i0; i < i1; i++) {
            double s = dotOf(w, off + i * cols, x, xOff, cols);
            out[oOff + i] = add ? out[oOff + i] + s : s;
        }
    }

    @Override
    public void multRankOne(double[] w, int off, int cols, int i0, int i1, double[] x, int xOff, double[] out,
                            int oOff, double eta, double[] u, int uOff) {
        for (int i = i0; i < i1; i++) {
            int r = off + i * cols;
            double c = -eta * u[uOff + i];
            out[oOff + i] = dotOf(w, r, x, xOff, cols);
            for (int j = 0; j < cols; j++) {
                w[r + j] = Math.fma(c, x[xOff + j], w[r + j]);
            }
        }
    }

    @Override
    public void hvpBackward(double[] v, double[] w, int off, int rows, int cols, int j0, int j1, double[] u, int uOff,
                            double[] ud, int udOff, double[] a, int aOff, double[] out, int oOff, double[] partial,
                            int pOff) {
        for (int j = j0; j < j1; j++) {
            out[oOff + j] = 0.0;
        }
        int n = j1 - j0;
        for (int i = 0; i < rows; i++) {
            int r = off + i * cols + j0;
            int o = oOff + j0;
            double ui = u[uOff + i];
            double udi = ud[udOff + i];
            partial[pOff + i] = dotOf(v, r, a, aOff + j0, n);
            for (int j = 0; j < n; j++) {
                out[o + j] = Math.fma(w[r + j], udi, Math.fma(v[r + j], ui, out[o + j]));
            }
        }
    }

    @Override
    public void hvpForward(double[] w, int off, int cols, int i0, int i1, double[] ad, int adOff, double[] va,
                           int vaOff, double[] next, int nextOff, double[] ud, int udOff, double[] u, int uOff,
                           double[] a, int aOff, double[] hv) {
        for (int i = i0; i < i1; i++) {
            int r = off + i * cols;
            double ui = u[uOff + i];
            double udi = ud[udOff + i];
            if (next != null) {
                next[nextOff + i] = va[vaOff + i] + dotOf(w, r, ad, adOff, cols);
            }
            for (int j = 0; j < cols; j++) {
                hv[r + j] = Math.fma(udi, a[aOff + j], ui * ad[adOff + j]);
            }
        }
    }

    @Override
    public void outer(double[] out, int off, int cols, int i0, int i1, double[] u, int uOff, double[] a, int aOff) {
        for (int i = i0; i < i1; i++) {
            int r = off + i * cols;
            double ui = u[uOff + i];
            for (int j = 0; j < cols; j++) {
                out[r + j] = ui * a[aOff + j];
            }
        }
    }

    @Override
    public double dot(double[] a, int aOff, double[] b, int bOff, int n) {
        return dotOf(a, aOff, b, bOff, n);
    }

    @Override
    public void axpy(double alpha, double[] x, double[] y, int from, int to) {
        for (int j = from; j < to; j++) {
            y[j] = Math.fma(alpha, x[j], y[j]);
        }
    }
}
