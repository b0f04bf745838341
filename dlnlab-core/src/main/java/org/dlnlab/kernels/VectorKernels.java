package org.dlnlab.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

import static org.dlnlab.kernels.ScalarKernels.finish;

/**
 * {@link KernelImpl} on the JDK's Vector API (incubating in Java 17; loaded only when the JVM runs with
 * {@code --add-modules jdk.incubator.vector}). The 16 lanes of the canonical dot product are four 256-bit vectors
 * (lanes 0–3, 4–7, 8–11, 12–15: four independent multiply–add chains), the four u_l one more, and the remaining
 * entries go into it four at a time, so the numbers are bitwise those of {@link ScalarKernels} on any x86 with AVX2
 * or AVX-512 (512-bit vectors were slower on Java 17). Lane sums are read out explicitly, never with
 * {@code reduceLanes}, whose order is unspecified.
 */
final class VectorKernels implements KernelImpl {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_256;

    @Override
    public String name() {
        return "vector";
    }

    // No helper methods take or return vectors: a call that C2 does not inline would box them (allocating on
    // every call), so the fold u_l = (s_l + s_{l+8}) + (s_{l+4} + s_{l+12}) and the tail are written out in place.

    /**
     * Rows in groups of four (one load and store of the column sums per four rows); each column still accumulates
     * row after row, so the result is that of the row pairs of {@link ScalarKernels#transMult} to the bit.
     */
    @Override
    public void transMult(double[] w, int off, int rows, int cols, int j0, int j1, double[] x, int xOff,
                          double[] out, int oOff, boolean add) {
        int n = j1 - j0;
        int n4 = n & ~3;
        int o = oOff + j0;
        if (!add) {
            for (int j = 0; j < n; j++) {
                out[o + j] = 0.0;
            }
        }
        int i = 0;
        for (; i + 3 < rows; i += 4) {
            int r0 = off + i * cols + j0;
            int r1 = r0 + cols;
            int r2 = r1 + cols;
            int r3 = r2 + cols;
            double x0 = x[xOff + i];
            double x1 = x[xOff + i + 1];
            double x2 = x[xOff + i + 2];
            double x3 = x[xOff + i + 3];
            DoubleVector vx0 = DoubleVector.broadcast(S, x0);
            DoubleVector vx1 = DoubleVector.broadcast(S, x1);
            DoubleVector vx2 = DoubleVector.broadcast(S, x2);
            DoubleVector vx3 = DoubleVector.broadcast(S, x3);
            int j = 0;
            for (; j < n4; j += 4) {
                DoubleVector acc = DoubleVector.fromArray(S, out, o + j);
                acc = DoubleVector.fromArray(S, w, r0 + j).fma(vx0, acc);
                acc = DoubleVector.fromArray(S, w, r1 + j).fma(vx1, acc);
                acc = DoubleVector.fromArray(S, w, r2 + j).fma(vx2, acc);
                DoubleVector.fromArray(S, w, r3 + j).fma(vx3, acc).intoArray(out, o + j);
            }
            for (; j < n; j++) {
                out[o + j] = Math.fma(w[r3 + j], x3, Math.fma(w[r2 + j], x2,
                        Math.fma(w[r1 + j], x1, Math.fma(w[r0 + j], x0, out[o + j]))));
            }
        }
        for (; i < rows; i++) {
            int r0 = off + i * cols + j0;
            double x0 = x[xOff + i];
            DoubleVector vx0 = DoubleVector.broadcast(S, x0);
            int j = 0;
            for (; j < n4; j += 4) {
                DoubleVector.fromArray(S, w, r0 + j).fma(vx0, DoubleVector.fromArray(S, out, o + j))
                        .intoArray(out, o + j);
            }
            for (; j < n; j++) {
                out[o + j] = Math.fma(w[r0 + j], x0, out[o + j]);
            }
        }
    }

    // mult takes rows in pairs: the pair shares the loads of x, which cuts the loads per multiply–add; each row
    // keeps its own 16 lanes, so the arithmetic is that of one row at a time. (Pairs measured no faster in
    // multRankOne and hvpForward, whose stores dominate; in hvpBackward they gained 7 % but C2 sometimes boxed a
    // vector per pair there, allocating 64 bytes, so it stays one row at a time.)

    @Override
    public void mult(double[] w, int off, int cols, int i0, int i1, double[] x, int xOff, double[] out, int oOff,
                     boolean add) {
        int n16 = cols & ~15;
        int i = i0;
        for (; i + 1 < i1; i += 2) {
            int p = off + i * cols;
            int q = p + cols;
            DoubleVector su = DoubleVector.zero(S);
            DoubleVector sv = su;
            if (n16 > 0) {
                DoubleVector a0 = su;
                DoubleVector a1 = su;
                DoubleVector a2 = su;
                DoubleVector a3 = su;
                DoubleVector b0 = su;
                DoubleVector b1 = su;
                DoubleVector b2 = su;
                DoubleVector b3 = su;
                for (int j = 0; j < n16; j += 16) {
                    DoubleVector x0 = DoubleVector.fromArray(S, x, xOff + j);
                    DoubleVector x1 = DoubleVector.fromArray(S, x, xOff + j + 4);
                    DoubleVector x2 = DoubleVector.fromArray(S, x, xOff + j + 8);
                    DoubleVector x3 = DoubleVector.fromArray(S, x, xOff + j + 12);
                    a0 = DoubleVector.fromArray(S, w, p + j).fma(x0, a0);
                    a1 = DoubleVector.fromArray(S, w, p + j + 4).fma(x1, a1);
                    a2 = DoubleVector.fromArray(S, w, p + j + 8).fma(x2, a2);
                    a3 = DoubleVector.fromArray(S, w, p + j + 12).fma(x3, a3);
                    b0 = DoubleVector.fromArray(S, w, q + j).fma(x0, b0);
                    b1 = DoubleVector.fromArray(S, w, q + j + 4).fma(x1, b1);
                    b2 = DoubleVector.fromArray(S, w, q + j + 8).fma(x2, b2);
                    b3 = DoubleVector.fromArray(S, w, q + j + 12).fma(x3, b3);
                }
                su = a0.add(a2).add(a1.add(a3));
                sv = b0.add(b2).add(b1.add(b3));
            }
            int t = n16;
            for (; t + 3 < cols; t += 4) {
                DoubleVector x0 = DoubleVector.fromArray(S, x, xOff + t);
                su = DoubleVector.fromArray(S, w, p + t).fma(x0, su);
                sv = DoubleVector.fromArray(S, w, q + t).fma(x0, sv);
            }
            double s = finish(su.lane(0), su.lane(1), su.lane(2), su.lane(3), w, p, x, xOff, t, cols);
            double z = finish(sv.lane(0), sv.lane(1), sv.lane(2), sv.lane(3), w, q, x, xOff, t, cols);
            out[oOff + i] = add ? out[oOff + i] + s : s;
            out[oOff + i + 1] = add ? out[oOff + i + 1] + z : z;
        }
        if (i < i1) {
            double s = dot(w, off + i * cols, x, xOff, cols);
            out[oOff + i] = add ? out[oOff + i] + s : s;
        }
    }

    @Override
    public void multRankOne(double[] w, int off, int cols, int i0, int i1, double[] x, int xOff, double[] out,
                            int oOff, double eta, double[] u, int uOff) {
        if (cols < 32) {
            multRankOneShort(w, off, cols, i0, i1, x, xOff, out, oOff, eta, u, uOff);
            return;
        }
        int n16 = cols & ~15;
        for (int i = i0; i < i1; i++) {
            int r = off + i * cols;
            double c = -eta * u[uOff + i];
            DoubleVector vc = DoubleVector.broadcast(S, c);
            DoubleVector acc = DoubleVector.zero(S);
            if (n16 > 0) {
                DoubleVector a0 = acc;
                DoubleVector a1 = acc;
                DoubleVector a2 = acc;
                DoubleVector a3 = acc;
                for (int j = 0; j < n16; j += 16) {
                    int p = r + j;
                    int q = xOff + j;
                    DoubleVector w0 = DoubleVector.fromArray(S, w, p);
                    DoubleVector w1 = DoubleVector.fromArray(S, w, p + 4);
                    DoubleVector w2 = DoubleVector.fromArray(S, w, p + 8);
                    DoubleVector w3 = DoubleVector.fromArray(S, w, p + 12);
                    DoubleVector x0 = DoubleVector.fromArray(S, x, q);
                    DoubleVector x1 = DoubleVector.fromArray(S, x, q + 4);
                    DoubleVector x2 = DoubleVector.fromArray(S, x, q + 8);
                    DoubleVector x3 = DoubleVector.fromArray(S, x, q + 12);
                    a0 = w0.fma(x0, a0);
                    a1 = w1.fma(x1, a1);
                    a2 = w2.fma(x2, a2);
                    a3 = w3.fma(x3, a3);
                    vc.fma(x0, w0).intoArray(w, p);
                    vc.fma(x1, w1).intoArray(w, p + 4);
                    vc.fma(x2, w2).intoArray(w, p + 8);
                    vc.fma(x3, w3).intoArray(w, p + 12);
                }
                acc = a0.add(a2).add(a1.add(a3));
            }
            int t = n16;
            for (; t + 3 < cols; t += 4) {
                DoubleVector w0 = DoubleVector.fromArray(S, w, r + t);
                DoubleVector x0 = DoubleVector.fromArray(S, x, xOff + t);
                acc = w0.fma(x0, acc);
                vc.fma(x0, w0).intoArray(w, r + t);
            }
            // The dot product reads the old row, so finish it before the last (< 4) entries are updated.
            out[oOff + i] = finish(acc.lane(0), acc.lane(1), acc.lane(2), acc.lane(3), w, r, x, xOff, t, cols);
            for (; t < cols; t++) {
                w[r + t] = Math.fma(c, x[xOff + t], w[r + t]);
            }
        }
    }

    /**
     * {@link #multRankOne} for rows of fewer than 32 entries (at most one 16-entry block), without loops along the
     * row: for a row of 20 entries C2's set-up of the two loops of the general kernel cost more than the arithmetic
     * (this kernel is 1.6× faster at width 20). A method of its own, because inside the general kernel the same
     * code slowed rows of 100 entries by a fifth once the JIT's profile had seen wide rows.
     */
    private static void multRankOneShort(double[] w, int off, int cols, int i0, int i1, double[] x, int xOff,
                                         double[] out, int oOff, double eta, double[] u, int uOff) {
        DoubleVector z = DoubleVector.zero(S);
        for (int i = i0; i < i1; i++) {
            int r = off + i * cols;
            double c = -eta * u[uOff + i];
            DoubleVector vc = DoubleVector.broadcast(S, c);
            DoubleVector acc = z;
            int t = 0;
            if (cols >= 16) {
                DoubleVector w0 = DoubleVector.fromArray(S, w, r);
                DoubleVector w1 = DoubleVector.fromArray(S, w, r + 4);
                DoubleVector w2 = DoubleVector.fromArray(S, w, r + 8);
                DoubleVector w3 = DoubleVector.fromArray(S, w, r + 12);
                DoubleVector x0 = DoubleVector.fromArray(S, x, xOff);
                DoubleVector x1 = DoubleVector.fromArray(S, x, xOff + 4);
                DoubleVector x2 = DoubleVector.fromArray(S, x, xOff + 8);
                DoubleVector x3 = DoubleVector.fromArray(S, x, xOff + 12);
                acc = w0.fma(x0, z).add(w2.fma(x2, z)).add(w1.fma(x1, z).add(w3.fma(x3, z)));
                vc.fma(x0, w0).intoArray(w, r);
                vc.fma(x1, w1).intoArray(w, r + 4);
                vc.fma(x2, w2).intoArray(w, r + 8);
                vc.fma(x3, w3).intoArray(w, r + 12);
                t = 16;
            }
            if (t + 3 < cols) {
                DoubleVector w0 = DoubleVector.fromArray(S, w, r + t);
                DoubleVector x0 = DoubleVector.fromArray(S, x, xOff + t);
                acc = w0.fma(x0, acc);
                vc.fma(x0, w0).intoArray(w, r + t);
                t += 4;
                if (t + 3 < cols) {
                    w0 = DoubleVector.fromArray(S, w, r + t);
                    x0 = DoubleVector.fromArray(S, x, xOff + t);
                    acc = w0.fma(x0, acc);
                    vc.fma(x0, w0).intoArray(w, r + t);
                    t += 4;
                    if (t + 3 < cols) {
                        w0 = DoubleVector.fromArray(S, w, r + t);
                        x0 = DoubleVector.fromArray(S, x, xOff + t);
                        acc = w0.fma(x0, acc);
                        vc.fma(x0, w0).intoArray(w, r + t);
                        t += 4;
                    }
                }
            }
            // The dot product reads the old row, so finish it before the last (< 4) entries are updated.
            out[oOff + i] = finish(acc.lane(0), acc.lane(1), acc.lane(2), acc.lane(3), w, r, x, xOff, t, cols);
            for (; t < cols; t++) {
                w[r + t] = Math.fma(c, x[xOff + t], w[r + t]);
            }
        }
    }

    @Override
    public void hvpBackward(double[] v, double[] w, int off, int rows, int cols, int j0, int j1, double[] u, int uOff,
                            double[] ud, int udOff, double[] a, int aOff, double[] out, int oOff, double[] partial,
                            int pOff) {
        int n = j1 - j0;
        int n16 = n & ~15;
        int o = oOff + j0;
        int q = aOff + j0;
        for (int j = 0; j < n; j++) {
            out[o + j] = 0.0;
        }
        for (int i = 0; i < rows; i++) {
            int r = off + i * cols + j0;
            double ui = u[uOff + i];
            double udi = ud[udOff + i];
            DoubleVector vu = DoubleVector.broadcast(S, ui);
            DoubleVector vud = DoubleVector.broadcast(S, udi);
            DoubleVector acc = DoubleVector.zero(S);
            if (n16 > 0) {
                DoubleVector a0 = acc;
                DoubleVector a1 = acc;
                DoubleVector a2 = acc;
                DoubleVector a3 = acc;
                for (int j = 0; j < n16; j += 16) {
                    DoubleVector v0 = DoubleVector.fromArray(S, v, r + j);
                    DoubleVector v1 = DoubleVector.fromArray(S, v, r + j + 4);
                    DoubleVector v2 = DoubleVector.fromArray(S, v, r + j + 8);
                    DoubleVector v3 = DoubleVector.fromArray(S, v, r + j + 12);
                    a0 = v0.fma(DoubleVector.fromArray(S, a, q + j), a0);
                    a1 = v1.fma(DoubleVector.fromArray(S, a, q + j + 4), a1);
                    a2 = v2.fma(DoubleVector.fromArray(S, a, q + j + 8), a2);
                    a3 = v3.fma(DoubleVector.fromArray(S, a, q + j + 12), a3);
                    DoubleVector.fromArray(S, w, r + j)
                            .fma(vud, v0.fma(vu, DoubleVector.fromArray(S, out, o + j))).intoArray(out, o + j);
                    DoubleVector.fromArray(S, w, r + j + 4)
                            .fma(vud, v1.fma(vu, DoubleVector.fromArray(S, out, o + j + 4))).intoArray(out, o + j + 4);
                    DoubleVector.fromArray(S, w, r + j + 8)
                            .fma(vud, v2.fma(vu, DoubleVector.fromArray(S, out, o + j + 8))).intoArray(out, o + j + 8);
                    DoubleVector.fromArray(S, w, r + j + 12)
                            .fma(vud, v3.fma(vu, DoubleVector.fromArray(S, out, o + j + 12)))
                            .intoArray(out, o + j + 12);
                }
                acc = a0.add(a2).add(a1.add(a3));
            }
            int t = n16;
            for (; t + 3 < n; t += 4) {
                DoubleVector v0 = DoubleVector.fromArray(S, v, r + t);
                acc = v0.fma(DoubleVector.fromArray(S, a, q + t), acc);
                DoubleVector.fromArray(S, w, r + t)
                        .fma(vud, v0.fma(vu, DoubleVector.fromArray(S, out, o + t))).intoArray(out, o + t);
            }
            partial[pOff + i] = finish(acc.lane(0), acc.lane(1), acc.lane(2), acc.lane(3), v, r, a, q, t, n);
            for (; t < n; t++) {
                out[o + t] = Math.fma(w[r + t], udi, Math.fma(v[r + t], ui, out[o + t]));
            }
        }
    }

    @Override
    public void hvpForward(double[] w, int off, int cols, int i0, int i1, double[] ad, int adOff, double[] va,
                           int vaOff, double[] next, int nextOff, double[] ud, int udOff, double[] u, int uOff,
                           double[] a, int aOff, double[] hv) {
        int n16 = cols & ~15;
        for (int i = i0; i < i1; i++) {
            int r = off + i * cols;
            double ui = u[uOff + i];
            double udi = ud[udOff + i];
            DoubleVector vu = DoubleVector.broadcast(S, ui);
            DoubleVector vud = DoubleVector.broadcast(S, udi);
            DoubleVector acc = DoubleVector.zero(S);
            if (n16 > 0) {
                DoubleVector a0 = acc;
                DoubleVector a1 = acc;
                DoubleVector a2 = acc;
                DoubleVector a3 = acc;
                for (int j = 0; j < n16; j += 16) {
                    int p = r + j;
                    int q = adOff + j;
                    int t = aOff + j;
                    DoubleVector d0 = DoubleVector.fromArray(S, ad, q);
                    DoubleVector d1 = DoubleVector.fromArray(S, ad, q + 4);
                    DoubleVector d2 = DoubleVector.fromArray(S, ad, q + 8);
                    DoubleVector d3 = DoubleVector.fromArray(S, ad, q + 12);
                    a0 = DoubleVector.fromArray(S, w, p).fma(d0, a0);
                    a1 = DoubleVector.fromArray(S, w, p + 4).fma(d1, a1);
                    a2 = DoubleVector.fromArray(S, w, p + 8).fma(d2, a2);
                    a3 = DoubleVector.fromArray(S, w, p + 12).fma(d3, a3);
                    vud.fma(DoubleVector.fromArray(S, a, t), vu.mul(d0)).intoArray(hv, p);
                    vud.fma(DoubleVector.fromArray(S, a, t + 4), vu.mul(d1)).intoArray(hv, p + 4);
                    vud.fma(DoubleVector.fromArray(S, a, t + 8), vu.mul(d2)).intoArray(hv, p + 8);
                    vud.fma(DoubleVector.fromArray(S, a, t + 12), vu.mul(d3)).intoArray(hv, p + 12);
                }
                acc = a0.add(a2).add(a1.add(a3));
            }
            int t = n16;
            for (; t + 3 < cols; t += 4) {
                DoubleVector d0 = DoubleVector.fromArray(S, ad, adOff + t);
                acc = DoubleVector.fromArray(S, w, r + t).fma(d0, acc);
                vud.fma(DoubleVector.fromArray(S, a, aOff + t), vu.mul(d0)).intoArray(hv, r + t);
            }
            double s = finish(acc.lane(0), acc.lane(1), acc.lane(2), acc.lane(3), w, r, ad, adOff, t, cols);
            for (; t < cols; t++) {
                hv[r + t] = Math.fma(udi, a[aOff + t], ui * ad[adOff + t]);
            }
            if (next != null) {
                next[nextOff + i] = va[vaOff + i] + s;
            }
        }
    }

    @Override
    public void outer(double[] out, int off, int cols, int i0, int i1, double[] u, int uOff, double[] a, int aOff) {
        int n4 = cols & ~3;
        for (int i = i0; i < i1; i++) {
            int r = off + i * cols;
            double ui = u[uOff + i];
            DoubleVector vu = DoubleVector.broadcast(S, ui);
            int j = 0;
            for (; j < n4; j += 4) {
                DoubleVector.fromArray(S, a, aOff + j).mul(vu).intoArray(out, r + j);
            }
            for (; j < cols; j++) {
                out[r + j] = ui * a[aOff + j];
            }
        }
    }

    @Override
    public double dot(double[] a, int aOff, double[] b, int bOff, int n) {
        int n16 = n & ~15;
        DoubleVector u = DoubleVector.zero(S);
        if (n16 > 0) {
            DoubleVector a0 = u;
            DoubleVector a1 = u;
            DoubleVector a2 = u;
            DoubleVector a3 = u;
            for (int j = 0; j < n16; j += 16) {
                a0 = DoubleVector.fromArray(S, a, aOff + j).fma(DoubleVector.fromArray(S, b, bOff + j), a0);
                a1 = DoubleVector.fromArray(S, a, aOff + j + 4).fma(DoubleVector.fromArray(S, b, bOff + j + 4), a1);
                a2 = DoubleVector.fromArray(S, a, aOff + j + 8).fma(DoubleVector.fromArray(S, b, bOff + j + 8), a2);
                a3 = DoubleVector.fromArray(S, a, aOff + j + 12).fma(DoubleVector.fromArray(S, b, bOff + j + 12), a3);
            }
            u = a0.add(a2).add(a1.add(a3));
        }
        int t = n16;
        for (; t + 3 < n; t += 4) {
            u = DoubleVector.fromArray(S, a, aOff + t).fma(DoubleVector.fromArray(S, b, bOff + t), u);
        }
        return finish(u.lane(0), u.lane(1), u.lane(2), u.lane(3), a, aOff, b, bOff, t, n);
    }

    @Override
    public void axpy(double alpha, double[] x, double[] y, int from, int to) {
        int n4 = (to - from) & ~3;
        DoubleVector va = DoubleVector.broadcast(S, alpha);
        int j = from;
        for (; j < from + n4; j += 4) {
            va.fma(DoubleVector.fromArray(S, x, j), DoubleVector.fromArray(S, y, j)).intoArray(y, j);
        }
        for (; j < to; j++) {
            y[j] = Math.fma(alpha, x[j], y[j]);
        }
    }
}
