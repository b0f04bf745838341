package org.dlnlab.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link SamplePasses} on the Vector API (load only when {@link Kernels#vectorized()}): one 256-bit vector holds
 * four samples, so every lane runs the contract's fused multiply–adds in their order and the numbers are those of
 * {@link ScalarSamplePasses} to the bit. The outer products keep four weights' sums in flight at once (four
 * independent chains), and read the lanes out explicitly, never with {@code reduceLanes}, whose order is unspecified.
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
        for (int j = 0; j < rows; j++) {
            sum(m, off + j * cols, 1, cols, in, out, j * stride, stride, span, accumulate);
        }
    }

    @Override
    public void backward(double[] m, int off, int rows, int cols, double[] in, double[] out, int stride, int span,
                         boolean accumulate) {
        for (int l = 0; l < cols; l++) {
            sum(m, off + l, cols, rows, in, out, l * stride, stride, span, accumulate);
        }
    }

    /**
     * out[o..o + span) (+)= Σ_{q &lt; count} m[at + q·step]·in[q·stride..): a row (step 1) or a column (step = the
     * row length) of a row-major block. Four vectors of samples at once: their sums are independent chains, which
     * keeps the multiply–add units busy where one chain per vector would wait on each fma's latency.
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

    @Override
    public void outer(double[] a, double[] b, double[] g, int off, int rows, int cols, int stride, int span,
                      boolean accumulate) {
        for (int j = 0; j < rows; j++) {
            int aj = j * stride;
            int e = off + j * cols;
            int l = 0;
            for (; l + 3 < cols; l += 4) {
                int b0 = l * stride;
                int b1 = b0 + stride;
                int b2 = b1 + stride;
                int b3 = b2 + stride;
                DoubleVector s0 = DoubleVector.zero(S);
                DoubleVector s1 = s0;
                DoubleVector s2 = s0;
                DoubleVector s3 = s0;
                for (int i = 0; i < span; i += LANES) {
                    DoubleVector x = DoubleVector.fromArray(S, a, aj + i);
                    s0 = x.fma(DoubleVector.fromArray(S, b, b0 + i), s0);
                    s1 = x.fma(DoubleVector.fromArray(S, b, b1 + i), s1);
                    s2 = x.fma(DoubleVector.fromArray(S, b, b2 + i), s2);
                    s3 = x.fma(DoubleVector.fromArray(S, b, b3 + i), s3);
                }
                double t0 = (s0.lane(0) + s0.lane(1)) + (s0.lane(2) + s0.lane(3));
                double t1 = (s1.lane(0) + s1.lane(1)) + (s1.lane(2) + s1.lane(3));
                double t2 = (s2.lane(0) + s2.lane(1)) + (s2.lane(2) + s2.lane(3));
                double t3 = (s3.lane(0) + s3.lane(1)) + (s3.lane(2) + s3.lane(3));
                g[e + l] = accumulate ? g[e + l] + t0 : t0;
                g[e + l + 1] = accumulate ? g[e + l + 1] + t1 : t1;
                g[e + l + 2] = accumulate ? g[e + l + 2] + t2 : t2;
                g[e + l + 3] = accumulate ? g[e + l + 3] + t3 : t3;
            }
            for (; l < cols; l++) {
                int bl = l * stride;
                DoubleVector s = DoubleVector.zero(S);
                for (int i = 0; i < span; i += LANES) {
                    s = DoubleVector.fromArray(S, a, aj + i).fma(DoubleVector.fromArray(S, b, bl + i), s);
                }
                double t = (s.lane(0) + s.lane(1)) + (s.lane(2) + s.lane(3));
                g[e + l] = accumulate ? g[e + l] + t : t;
            }
        }
    }
}
