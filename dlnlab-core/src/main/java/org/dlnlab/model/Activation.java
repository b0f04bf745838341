package org.dlnlab.model;

import org.dlnlab.InvalidInputException;
import org.dlnlab.InvalidInputException.Input;

/**
 * A scalar nonlinearity σ applied entrywise after every layer of an {@link Mlp} but the last, with the two
 * derivatives that exact gradients (σ′) and exact Hessian–vector products (σ″) need (docs/formulas.md §5).
 * Implement this interface to add an activation; {@link StandardActivation} and {@link LeakyRelu} are the built-in
 * ones. Implementations must be pure functions of x (no state), so that runs stay reproducible and thread-safe.
 */
public interface Activation {
    /** σ(x). */
    double value(double x);

    /** σ′(x). */
    double derivative(double x);

    /** σ″(x). */
    double secondDerivative(double x);

    /**
     * σ and σ′ of z[from..to) into value and slope at the same indices, what a forward pass and a gradient need; an
     * activation whose two share work (GELU: φ and Φ) does them in one pass.
     */
    default void valuesAndSlopes(double[] z, int from, int to, double[] value, double[] slope) {
        for (int i = from; i < to; i++) {
            value[i] = value(z[i]);
            slope[i] = derivative(z[i]);
        }
    }

    /** σ″ of z[from..to) into out at the same indices: only Hessian–vector products need it. */
    default void secondDerivatives(double[] z, int from, int to, double[] out) {
        for (int i = from; i < to; i++) {
            out[i] = secondDerivative(z[i]);
        }
    }

    /** The name results and weights files record, e.g. {@code gelu} or {@code leaky-relu:0.01}. */
    String label();

    /** The leaky slope α when {@code leaky-relu} names none. */
    double DEFAULT_LEAKY_SLOPE = 0.01;

    /**
     * The activation a label names: {@code linear}, {@code gelu}, {@code tanh}, {@code relu} or
     * {@code leaky-relu[:α]} with α in (0, 1) (default {@value #DEFAULT_LEAKY_SLOPE}); the inverse of
     * {@link #label()}, so a recorded label reads back as the same activation.
     */
    static Activation parse(String label) {
        for (StandardActivation a : StandardActivation.values()) {
            if (a.label().equals(label)) {
                return a;
            }
        }
        if (label.equals("leaky-relu")) {
            return new LeakyRelu(DEFAULT_LEAKY_SLOPE);
        }
        if (label.startsWith("leaky-relu:")) {
            double slope;
            try {
                slope = Double.parseDouble(label.substring("leaky-relu:".length()));
            } catch (NumberFormatException e) {
                slope = Double.NaN;
            }
            if (!(slope > 0 && slope < 1)) {
                throw new InvalidInputException(Input.ACTIVATION, label, "the leaky slope α must be a number in"
                        + " (0, 1)");
            }
            return new LeakyRelu(slope);
        }
        throw new InvalidInputException(Input.ACTIVATION, label, "unknown activation; expected linear, gelu, tanh,"
                + " relu or leaky-relu[:α]");
    }
}
