package org.dlnlab.kernels;

/**
 * The per-layer products of a network evaluated on its samples ({@code objective.SampleObjective}): every layer
 * quantity is a d × stride block, feature-major (entry j of sample i at j·stride + i), and the products run over the
 * first {@code span} samples, a multiple of {@value #LANES} (lanes past the last sample hold zeros or values whose
 * adjoint is zero). Chosen once per JVM by {@link #create}: the Vector API implementation where
 * {@link Kernels#vectorized()}, else plain Java. Both perform, lane by lane, the same fused multiply–adds in the
 * same order (the contract of each method), so the choice changes speed only.
 */
public abstract class SamplePasses {
    /** Samples per vector: the sample count is rounded up to a multiple of it. */
    public static final int LANES = 4;

    /** The samples a pass covers for {@code samples} samples: the next multiple of {@value #LANES}. */
    public static int span(int samples) {
        return (samples + LANES - 1) / LANES * LANES;
    }

    /** The Vector API passes where this JVM runs the Vector API kernels, else plain Java. */
    public static SamplePasses create() {
        if (Kernels.vectorized()) {
            try {
                return (SamplePasses) Class.forName("org.dlnlab.kernels.VectorSamplePasses").getDeclaredConstructor()
                        .newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                // fall back to plain Java
            }
        }
        return new ScalarSamplePasses();
    }

    /** "vector" or "scalar". */
    public abstract String name();

    /**
     * out (rows × span) (+)= M · in (cols × span), M the rows × cols block of m at off (row-major): per entry,
     * {@code acc = accumulate ? out : 0}, then {@code acc = fma(in[l], M[j][l], acc)} for l = 0, 1, ….
     */
    public abstract void forward(double[] m, int off, int rows, int cols, double[] in, double[] out, int stride,
                                 int span, boolean accumulate);

    /**
     * out (cols × span) (+)= Mᵀ · in (rows × span): per entry, {@code acc = accumulate ? out : 0}, then
     * {@code acc = fma(in[j], M[j][l], acc)} for j = 0, 1, ….
     */
    public abstract void backward(double[] m, int off, int rows, int cols, double[] in, double[] out, int stride,
                                  int span, boolean accumulate);

    /**
     * The rows × cols block of g at off (+)= a bᵀ, a rows × span, b cols × span, summed over the samples in eight
     * sums: s_t = fma(a[i], b[i], s_t) over the samples i ≡ t (mod 8) and t_t over i ≡ t + 4 (mod 8), t &lt; 4, each
     * in order, then s = ((s_0 + t_0) + (s_1 + t_1)) + ((s_2 + t_2) + (s_3 + t_3)), and g = accumulate ? g + s : s.
     */
    public abstract void outer(double[] a, double[] b, double[] g, int off, int rows, int cols, int stride, int span,
                               boolean accumulate);
}
