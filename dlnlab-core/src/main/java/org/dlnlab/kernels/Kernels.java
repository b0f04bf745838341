package org.dlnlab.kernels;

/**
 * Chooses the implementation of the inner loops once per JVM: the Vector API one when the JVM was started with
 * {@code --add-modules jdk.incubator.vector} (the {@code dlnlab} launcher does this) and the CPU has 256-bit vectors,
 * else plain Java. Both give bitwise the same numbers ({@link KernelImpl}), so the choice only changes speed.
 * {@code -Ddlnlab.kernels=scalar} forces plain Java.
 */
public final class Kernels {
    static final KernelImpl IMPL = choose();

    private Kernels() {
    }

    private static KernelImpl choose() {
        String wanted = System.getProperty("dlnlab.kernels", "auto");
        if (!"scalar".equalsIgnoreCase(wanted) && vectorModulePresent()) {
            try {
                KernelImpl k = (KernelImpl) Class.forName("org.dlnlab.kernels.VectorKernels")
                        .getDeclaredConstructor().newInstance();
                if (vectorBits() >= 256) {
                    return k;
                }
            } catch (ReflectiveOperationException | LinkageError e) {
                // fall back to plain Java
            }
        }
        return new ScalarKernels();
    }

    static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    private static int vectorBits() throws ReflectiveOperationException {
        Class<?> shape = Class.forName("jdk.incubator.vector.VectorShape");
        Object preferred = shape.getMethod("preferredShape").invoke(null);
        return (Integer) shape.getMethod("vectorBitSize").invoke(preferred);
    }

    /** Whether this JVM runs the Vector API kernels (so classes built on the Vector API may be loaded). */
    public static boolean vectorized() {
        return IMPL instanceof VectorKernels;
    }

    /**
     * The fused range product for these widths ({@link RangeLinks}), or null where it does not apply (a layer wider
     * than {@value RangeLinks#PAD}, several outputs, or no Vector API): the caller then takes the general path.
     * Decided here because RangeLinks must not even be loaded without the Vector API.
     */
    public static RangeLinks rangeLinks(int[] widths) {
        return vectorized() && RangeLinks.fits(widths) ? new RangeLinks(widths) : null;
    }

    /** "vector" (Vector API) or "scalar" (plain Java): which inner loops this JVM runs. */
    public static String implementation() {
        return IMPL.name();
    }

    /** Σ_{j<n} a_j b_j in the kernels' fixed lane order (16 lane sums, then the tail; see {@link KernelImpl}). */
    public static double dot(double[] a, double[] b, int n) {
        return IMPL.dot(a, 0, b, 0, n);
    }

    /** Σ_{j ∈ [from, to)} a_j b_j in the kernels' fixed lane order, lanes counted from {@code from}. */
    public static double dot(double[] a, double[] b, int from, int to) {
        return IMPL.dot(a, from, b, from, to - from);
    }

    /** y_j ← y_j + α x_j (one rounding) for j ∈ [from, to). */
    public static void axpy(double alpha, double[] x, double[] y, int from, int to) {
        IMPL.axpy(alpha, x, y, from, to);
    }

    /** y_j ← y_j + α x_{xFrom + j} (one rounding) for j ∈ [0, len). */
    public static void axpyOffset(double alpha, double[] x, int xFrom, double[] y, int len) {
        for (int j = 0; j < len; j++) {
            y[j] = Math.fma(alpha, x[xFrom + j], y[j]);
        }
    }
}
