package org.dlnlab.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link SamplePasses} on the Vector API (load only when {@link Kernels#vectorized()}): one 256-bit vector holds
 * four samples, so every lane runs the contract's fused multiply–adds in their order and the numbers are those of
 * {@link ScalarSamplePasses} to the bit. The lanes of the outer products' sums are read out explicitly, never with
 * {@code reduceLanes}, whose order is unspecified.
 */
final class VectorSamplePasses extends SamplePasses {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_256;

    @Override
    public String name() {
        return "vector";
    }

    // No helper methods take or return vectors: one that C2 does not inline would box them on every call.

    @Override
    public void forward(double[] m, int off, int rows, int cols, double[] in, double[] out, int stride, int span,
                        boolean accumulate) {
        int j = 0;
        for (; j + 1 < rows; j += 2) {
            sum2(m, off + j * cols, off + (j + 1) * cols, 1, cols, in, out, j * stride, (j + 1) * stride, stride,
                    span, accumulate);
        }
        if (j < rows) {
            sum(m, off + j * cols, 1, cols, in, out, j * stride, stride, span, accumulate);
        }
    }

    @Override
    public void backward(double[] m, int off, int rows, int cols, double[] in, double[] out, int stride, int span,
                         boolean accumulate) {
        int l = 0;
        for (; l + 1 < cols; l += 2) {
            sum2(m, off + l, off + l + 1, cols, rows, in, out, l * stride, (l + 1) * stride, stride, span,
                    accumulate);
        }
        if (l < cols) {
            sum(m, off + l, cols, rows, in, out, l * stride, stride, span, accumulate);
        }
    }

    /**
     * out[o..o + span) (+)= Σ_{q &lt; count} m[at + q·step]·in[q·stride..): a row (step 1) or a column (step = the
     * row length) of a row-major block, four vectors of samples at once (independent chains).
     */
    private static void sum(double[] m, int at, int step, int count, double[] in, double[] out, int o, int stride,
                            int span, boolean accumulate) {
        int i = 0;
        for (; i + 4 * LANES <= span; i += 4 * LANES) {
            DoubleVector a0 = accumulate ? DoubleVector.fromArray(S, out, o + i) : DoubleVector.zero(S);
            DoubleVector a1 = accumulate ? DoubleVector.fromArray(S, out, o + i + 4) : DoubleVector.zero(S);
            DoubleVector a2 = accumulate ? DoubleVector.fromArray(S, out, o + i + 8) : DoubleVector.zero(S);
            DoubleVector a3 = accumulate ? DoubleVector.fromArray(S, out, o + i + 12) : DoubleVector.zero(S);
            for (int q = 0; q < count; q++) {
                DoubleVector w = DoubleVector.broadcast(S, m[at + q * step]);
                int src = q * stride + i;
                a0 = DoubleVector.fromArray(S, in, src).fma(w, a0);
                a1 = DoubleVector.fromArray(S, in, src + 4).fma(w, a1);
                a2 = DoubleVector.fromArray(S, in, src + 8).fma(w, a2);
                a3 = DoubleVector.fromArray(S, in, src + 12).fma(w, a3);
            }
            a0.intoArray(out, o + i);
            a1.intoArray(out, o + i + 4);
            a2.intoArray(out, o + i + 8);
            a3.intoArray(out, o + i + 12);
        }
        for (; i < span; i += LANES) {
            DoubleVector acc = accumulate ? DoubleVector.fromArray(S, out, o + i) : DoubleVector.zero(S);
            for (int q = 0; q < count; q++) {
                DoubleVector w = DoubleVector.broadcast(S, m[at + q * step]);
                acc = DoubleVector.fromArray(S, in, q * stride + i).fma(w, acc);
            }
            acc.intoArray(out, o + i);
        }
    }

    /**
     * {@link #sum} for two outputs at once (weights at at0 and at1), which share the loads of in: eight independent
     * chains, enough to keep both multiply–add units busy through each fma's latency.
     */
    private static void sum2(double[] m, int at0, int at1, int step, int count, double[] in, double[] out, int o0,
                             int o1, int stride, int span, boolean accumulate) {
        int i = 0;
        for (; i + 4 * LANES <= span; i += 4 * LANES) {
            DoubleVector a0 = accumulate ? DoubleVector.fromArray(S, out, o0 + i) : DoubleVector.zero(S);
            DoubleVector a1 = accumulate ? DoubleVector.fromArray(S, out, o0 + i + 4) : DoubleVector.zero(S);
            DoubleVector a2 = accumulate ? DoubleVector.fromArray(S, out, o0 + i + 8) : DoubleVector.zero(S);
            DoubleVector a3 = accumulate ? DoubleVector.fromArray(S, out, o0 + i + 12) : DoubleVector.zero(S);
            DoubleVector b0 = accumulate ? DoubleVector.fromArray(S, out, o1 + i) : DoubleVector.zero(S);
            DoubleVector b1 = accumulate ? DoubleVector.fromArray(S, out, o1 + i + 4) : DoubleVector.zero(S);
            DoubleVector b2 = accumulate ? DoubleVector.fromArray(S, out, o1 + i + 8) : DoubleVector.zero(S);
            DoubleVector b3 = accumulate ? DoubleVector.fromArray(S, out, o1 + i + 12) : DoubleVector.zero(S);
            for (int q = 0; q < count; q++) {
                DoubleVector v = DoubleVector.broadcast(S, m[at0 + q * step]);
                DoubleVector w = DoubleVector.broadcast(S, m[at1 + q * step]);
                int src = q * stride + i;
                DoubleVector x0 = DoubleVector.fromArray(S, in, src);
                DoubleVector x1 = DoubleVector.fromArray(S, in, src + 4);
                DoubleVector x2 = DoubleVector.fromArray(S, in, src + 8);
                DoubleVector x3 = DoubleVector.fromArray(S, in, src + 12);
                a0 = x0.fma(v, a0);
                a1 = x1.fma(v, a1);
                a2 = x2.fma(v, a2);
                a3 = x3.fma(v, a3);
                b0 = x0.fma(w, b0);
                b1 = x1.fma(w, b1);
                b2 = x2.fma(w, b2);
                b3 = x3.fma(w, b3);
            }
            a0.intoArray(out, o0 + i);
            a1.intoArray(out, o0 + i + 4);
            a2.intoArray(out, o0 + i + 8);
            a3.intoArray(out, o0 + i + 12);
            b0.intoArray(out, o1 + i);
            b1.intoArray(out, o1 + i + 4);
            b2.intoArray(out, o1 + i + 8);
            b3.intoArray(out, o1 + i + 12);
        }
        for (; i < span; i += LANES) {
            DoubleVector a = accumulate ? DoubleVector.fromArray(S, out, o0 + i) : DoubleVector.zero(S);
            DoubleVector b = accumulate ? DoubleVector.fromArray(S, out, o1 + i) : DoubleVector.zero(S);
            for (int q = 0; q < count; q++) {
                DoubleVector x = DoubleVector.fromArray(S, in, q * stride + i);
                a = x.fma(DoubleVector.broadcast(S, m[at0 + q * step]), a);
                b = x.fma(DoubleVector.broadcast(S, m[at1 + q * step]), b);
            }
            a.intoArray(out, o0 + i);
            b.intoArray(out, o1 + i);
        }
    }

    @Override
    public void outer(double[] a, double[] b, double[] g, int off, int rows, int cols, int stride, int span,
                      boolean accumulate) {
        for (int j = 0; j < rows; j++) {
            int aj = j * stride;
            int e = off + j * cols;
            int l = 0;
            // Four weights at once, each with its even and odd vectors of sums: eight independent chains.
            for (; l + 3 < cols; l += 4) {
                int b0 = l * stride;
                int b1 = b0 + stride;
                int b2 = b1 + stride;
                int b3 = b2 + stride;
                DoubleVector s0 = DoubleVector.zero(S);
                DoubleVector s1 = s0;
                DoubleVector s2 = s0;
                DoubleVector s3 = s0;
                DoubleVector t0 = s0;
                DoubleVector t1 = s0;
                DoubleVector t2 = s0;
                DoubleVector t3 = s0;
                int i = 0;
                for (; i + 2 * LANES <= span; i += 2 * LANES) {
                    DoubleVector x = DoubleVector.fromArray(S, a, aj + i);
                    DoubleVector y = DoubleVector.fromArray(S, a, aj + i + 4);
                    s0 = x.fma(DoubleVector.fromArray(S, b, b0 + i), s0);
                    s1 = x.fma(DoubleVector.fromArray(S, b, b1 + i), s1);
                    s2 = x.fma(DoubleVector.fromArray(S, b, b2 + i), s2);
                    s3 = x.fma(DoubleVector.fromArray(S, b, b3 + i), s3);
                    t0 = y.fma(DoubleVector.fromArray(S, b, b0 + i + 4), t0);
                    t1 = y.fma(DoubleVector.fromArray(S, b, b1 + i + 4), t1);
                    t2 = y.fma(DoubleVector.fromArray(S, b, b2 + i + 4), t2);
                    t3 = y.fma(DoubleVector.fromArray(S, b, b3 + i + 4), t3);
                }
                if (i < span) {
                    DoubleVector x = DoubleVector.fromArray(S, a, aj + i);
                    s0 = x.fma(DoubleVector.fromArray(S, b, b0 + i), s0);
                    s1 = x.fma(DoubleVector.fromArray(S, b, b1 + i), s1);
                    s2 = x.fma(DoubleVector.fromArray(S, b, b2 + i), s2);
                    s3 = x.fma(DoubleVector.fromArray(S, b, b3 + i), s3);
                }
                s0 = s0.add(t0);
                s1 = s1.add(t1);
                s2 = s2.add(t2);
                s3 = s3.add(t3);
                double u0 = (s0.lane(0) + s0.lane(1)) + (s0.lane(2) + s0.lane(3));
                double u1 = (s1.lane(0) + s1.lane(1)) + (s1.lane(2) + s1.lane(3));
                double u2 = (s2.lane(0) + s2.lane(1)) + (s2.lane(2) + s2.lane(3));
                double u3 = (s3.lane(0) + s3.lane(1)) + (s3.lane(2) + s3.lane(3));
                g[e + l] = accumulate ? g[e + l] + u0 : u0;
                g[e + l + 1] = accumulate ? g[e + l + 1] + u1 : u1;
                g[e + l + 2] = accumulate ? g[e + l + 2] + u2 : u2;
                g[e + l + 3] = accumulate ? g[e + l + 3] + u3 : u3;
            }
            for (; l < cols; l++) {
                int bl = l * stride;
                DoubleVector s = DoubleVector.zero(S);
                DoubleVector t = s;
                int i = 0;
                for (; i + 2 * LANES <= span; i += 2 * LANES) {
                    s = DoubleVector.fromArray(S, a, aj + i).fma(DoubleVector.fromArray(S, b, bl + i), s);
                    t = DoubleVector.fromArray(S, a, aj + i + 4).fma(DoubleVector.fromArray(S, b, bl + i + 4), t);
                }
                if (i < span) {
                    s = DoubleVector.fromArray(S, a, aj + i).fma(DoubleVector.fromArray(S, b, bl + i), s);
                }
                s = s.add(t);
                double u = (s.lane(0) + s.lane(1)) + (s.lane(2) + s.lane(3));
                g[e + l] = accumulate ? g[e + l] + u : u;
            }
        }
    }
}
