package org.dlnlab.curvature;

import org.dlnlab.InvalidInputException;

/** How the top Hessian eigenvalue is computed. */
public enum SharpnessMethod {
    /** Our checked Lanczos: certified to a relative residual tolerance. */
    LANCZOS,
    /** The paper's fixed-step power iteration (|λ|, unchecked). */
    POWER,
    /** Full eigendecomposition of the dense Hessian (small nets only). */
    DENSE;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses a method by its label. */
    public static SharpnessMethod parse(String s) {
        for (SharpnessMethod m : values()) {
            if (m.label().equals(s)) {
                return m;
            }
        }
        throw new InvalidInputException(InvalidInputException.Input.SHARPNESS_METHOD, null, "unknown method \"" + s
                + "\"; expected lanczos, power or dense");
    }
}
