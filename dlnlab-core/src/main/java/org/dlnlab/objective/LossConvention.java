package org.dlnlab.objective;

import org.dlnlab.InvalidInputException;

/**
 * Which risk a number refers to: the paper's {@code mse}, R = (1/n)‖Y − XE‖², or Gidel's {@code half-mse},
 * half of it. Every Hessian (so every sharpness) scales with the same factor.
 */
public enum LossConvention {
    MSE("mse", 1.0),
    HALF_MSE("half-mse", 0.5);

    private final String label;
    private final double factor;

    LossConvention(String label, double factor) {
        this.label = label;
        this.factor = factor;
    }

    /** The convention's name, as parsed and as every JSON output's {@code loss_convention}. */
    public String label() {
        return label;
    }

    /** The factor c in R = c · (1/n)‖Y − XE‖². */
    public double factor() {
        return factor;
    }

    /**
     * The step (or time) that half-mse's closed forms take for a step η (or time t) in this convention: 2cη, since
     * every gradient is 2c times half-mse's (mse: 2η).
     */
    public double halfMseStep(double eta) {
        return 2 * factor * eta;
    }

    public static LossConvention parse(String s) {
        for (LossConvention c : values()) {
            if (c.label.equals(s)) {
                return c;
            }
        }
        throw new InvalidInputException(InvalidInputException.Input.LOSS, null, "unknown loss \"" + s
                + "\"; expected mse or half-mse");
    }
}
