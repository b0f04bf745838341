package org.dlnlab.kernels;

/** {@link SamplePasses} in plain Java: the contract's operations one lane at a time. */
final class ScalarSamplePasses extends SamplePasses {
    @Override
    public String name() {
        return "scalar";
    }

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
     * row length) of a row-major block. One sweep over the samples per weight, out[i] = fma(in[i], w, out[i]): the
     * contract's operations per lane, in loops that C2's SuperWord vectorizes.
     */
    private static void sum(double[] m, int at, int step, int count, double[] in, double[] out, int o, int stride,
                            int span, boolean accumulate) {
        if (!accumulate) {
            java.util.Arrays.fill(out, o, o + span, 0.0);
        }
        for (int q = 0; q < count; q++) {
            double w = m[at + q * step];
            int src = q * stride;
            for (int i = 0; i < span; i++) {
                out[o + i] = Math.fma(in[src + i], w, out[o + i]);
            }
        }
    }

    @Override
    public void outer(double[] a, double[] b, double[] g, int off, int rows, int cols, int stride, int span,
                      boolean accumulate) {
        for (int j = 0; j < rows; j++) {
            int aj = j * stride;
            for (int l = 0; l < cols; l++) {
                int bl = l * stride;
                // Lane t of the even blocks of four samples, then of the odd ones.
                double s0 = 0;
                double s1 = 0;
                double s2 = 0;
                double s3 = 0;
                double t0 = 0;
                double t1 = 0;
                double t2 = 0;
                double t3 = 0;
                int i = 0;
                for (; i + 2 * LANES <= span; i += 2 * LANES) {
                    s0 = Math.fma(a[aj + i], b[bl + i], s0);
                    s1 = Math.fma(a[aj + i + 1], b[bl + i + 1], s1);
                    s2 = Math.fma(a[aj + i + 2], b[bl + i + 2], s2);
                    s3 = Math.fma(a[aj + i + 3], b[bl + i + 3], s3);
                    t0 = Math.fma(a[aj + i + 4], b[bl + i + 4], t0);
                    t1 = Math.fma(a[aj + i + 5], b[bl + i + 5], t1);
                    t2 = Math.fma(a[aj + i + 6], b[bl + i + 6], t2);
                    t3 = Math.fma(a[aj + i + 7], b[bl + i + 7], t3);
                }
                if (i < span) {
                    s0 = Math.fma(a[aj + i], b[bl + i], s0);
                    s1 = Math.fma(a[aj + i + 1], b[bl + i + 1], s1);
                    s2 = Math.fma(a[aj + i + 2], b[bl + i + 2], s2);
                    s3 = Math.fma(a[aj + i + 3], b[bl + i + 3], s3);
                }
                double s = ((s0 + t0) + (s1 + t1)) + ((s2 + t2) + (s3 + t3));
                int e = off + j * cols + l;
                g[e] = accumulate ? g[e] + s : s;
            }
        }
    }
}
