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

    public static SharpnessMethod parse(String option, String s) {
        for (SharpnessMethod m : values()) {
            if (m.label().equals(s)) {
                return m;
            }
        }
        throw new InvalidInputException(option + ": unknown method \"" + s + "\"; expected lanczos, power or dense");
    }
}
