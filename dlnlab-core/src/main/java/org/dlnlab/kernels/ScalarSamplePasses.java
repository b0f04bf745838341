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
            int o = j * stride;
            int row = off + j * cols;
            for (int i = 0; i < span; i++) {
                double acc = accumulate ? out[o + i] : 0;
                for (int l = 0; l < cols; l++) {
                    acc = Math.fma(in[l * stride + i], m[row + l], acc);
                }
                out[o + i] = acc;
            }
        }
    }

    @Override
    public void backward(double[] m, int off, int rows, int cols, double[] in, double[] out, int stride, int span,
                         boolean accumulate) {
        for (int l = 0; l < cols; l++) {
            int o = l * stride;
            for (int i = 0; i < span; i++) {
                double acc = accumulate ? out[o + i] : 0;
                for (int j = 0; j < rows; j++) {
                    acc = Math.fma(in[j * stride + i], m[off + j * cols + l], acc);
                }
                out[o + i] = acc;
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
                double s0 = 0;
                double s1 = 0;
                double s2 = 0;
                double s3 = 0;
                for (int i = 0; i < span; i += LANES) {
                    s0 = Math.fma(a[aj + i], b[bl + i], s0);
                    s1 = Math.fma(a[aj + i + 1], b[bl + i + 1], s1);
                    s2 = Math.fma(a[aj + i + 2], b[bl + i + 2], s2);
                    s3 = Math.fma(a[aj + i + 3], b[bl + i + 3], s3);
                }
                double s = (s0 + s1) + (s2 + s3);
                int e = off + j * cols + l;
                g[e] = accumulate ? g[e] + s : s;
            }
        }
    }
}
