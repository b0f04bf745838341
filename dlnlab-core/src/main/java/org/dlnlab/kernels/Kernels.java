package org.dlnlab.kernels;

/**
 * Chooses the implementation of the inner loops once per JVM ({@link #choice}): the Vector API one when the JVM was
 * started with {@code --add-modules jdk.incubator.vector} (the {@code dlnlab} launcher does this) and the hardware's
 * preferred vector width is at least {@value #VECTOR_MIN_BITS} bits, else plain Java. Both give bitwise the same
 * numbers ({@link KernelImpl}), so the choice only changes speed. Per layer, {@link ChainPasses} further sends
 * layers of at most {@value SmallKernels#MAX_COLS} columns to {@link SmallKernels}.
 * <p>
 * A JVM that will do little work ({@link ExpectedWork}) runs plain Java: the JIT's compilation of the Vector API
 * kernels would cost it more than they save. {@code -Ddlnlab.kernels=scalar} forces plain Java,
 * {@code -Ddlnlab.kernels=vector} the Vector API where the hardware has it; {@code -Ddlnlab.vector.bits=B} makes the
 * choice as if the hardware preferred B-bit vectors (to check the selection for a CPU one does not have).
 */
public final class Kernels {
    /**
     * The width of {@link VectorKernels}' species. Below it (128-bit SIMD: ARM NEON, or x86 with
     * {@code -XX:MaxVectorSize=16}) C2 does not compile 256-bit vectors to instructions but to objects, so plain Java
     * is faster there. Wider hardware (AVX-512) runs the same 256-bit species.
     */
    static final int VECTOR_MIN_BITS = 256;
    /** The system property that overrides the hardware's preferred vector width in bits. */
    static final String VECTOR_BITS_PROPERTY = "dlnlab.vector.bits";

    /** The plain-Java kernels, for the sizes where the Vector API ones lose ({@link #forDot}). */
    static final KernelImpl SCALAR = new ScalarKernels();
    static final KernelImpl IMPL = create(choice(System.getProperty("dlnlab.kernels", "auto"),
            vectorModulePresent(), vectorBits(), ExpectedWork.parameterSteps()));

    private Kernels() {
    }

    /**
     * "vector" or "scalar": the inner loops for a JVM where {@code wanted} is the {@code dlnlab.kernels} property
     * ("auto", "scalar", or "vector" to ignore the expected work), the Vector API module is present or not, vectors
     * are {@code bits} wide (0 when unknown), and {@code parameterSteps} of work are expected ({@link ExpectedWork};
     * infinite when not told).
     */
    static String choice(String wanted, boolean modulePresent, int bits, double parameterSteps) {
        boolean vector = !"scalar".equalsIgnoreCase(wanted) && modulePresent && bits >= VECTOR_MIN_BITS
                && ("vector".equalsIgnoreCase(wanted) || parameterSteps >= ExpectedWork.VECTOR_MIN_PARAMETER_STEPS);
        return vector ? "vector" : "scalar";
    }

    private static KernelImpl create(String choice) {
        if ("vector".equals(choice)) {
            try {
                return (KernelImpl) Class.forName("org.dlnlab.kernels.VectorKernels").getDeclaredConstructor()
                        .newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                // fall back to plain Java
            }
        }
        return SCALAR;
    }

    /**
     * The kernels for a dot product of n entries: below one block of the 16 lanes the Vector API ones only run their
     * tail, four entries at a time, which lost to plain Java (d = 5, L = 10, whose GD step's only vector work is
     * this: 1.23–1.28 µs against 0.88–0.97 µs per step in fresh JVMs).
     */
    static KernelImpl forDot(int n) {
        return n < KernelImpl.LANES ? SCALAR : IMPL;
    }

    static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /**
     * The vector width the choice assumes: {@code -Ddlnlab.vector.bits} when set, else the hardware's preferred
     * shape as the JVM sees it (which honours {@code -XX:MaxVectorSize}), else 0 (no Vector API).
     */
    static int vectorBits() {
        String forced = System.getProperty(VECTOR_BITS_PROPERTY);
        if (forced != null) {
            try {
                int bits = Integer.parseInt(forced.trim());
                if (bits > 0) {
                    return bits;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("-D" + VECTOR_BITS_PROPERTY + " must be a positive number of bits"
                    + " (e.g. 128, 256, 512), got '" + forced + "'");
        }
        if (!vectorModulePresent()) {
            return 0;
        }
        try {
            Class<?> shape = Class.forName("jdk.incubator.vector.VectorShape");
            Object preferred = shape.getMethod("preferredShape").invoke(null);
            return (Integer) shape.getMethod("vectorBitSize").invoke(preferred);
        } catch (ReflectiveOperationException | LinkageError e) {
            return 0;
        }
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

    /** The vector width in bits the choice was made for (forced or the hardware's; 0 without the Vector API). */
    public static int chosenForBits() {
        return vectorBits();
    }

    /** Σ_{j<n} a_j b_j in the kernels' fixed lane order (16 lane sums, then the tail; see {@link KernelImpl}). */
    public static double dot(double[] a, double[] b, int n) {
        return forDot(n).dot(a, 0, b, 0, n);
    }

    /** ‖a‖ over its first n entries: {@link Blocks#norm}'s bits, on the Vector API where this JVM runs it. */
    public static double norm(double[] a, int n) {
        return Math.sqrt(dot(a, a, n));
    }

    /** Σ_{j ∈ [from, to)} a_j b_j in the kernels' fixed lane order, lanes counted from {@code from}. */
    public static double dot(double[] a, double[] b, int from, int to) {
        return forDot(to - from).dot(a, from, b, from, to - from);
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
