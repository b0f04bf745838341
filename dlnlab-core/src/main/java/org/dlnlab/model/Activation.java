package org.dlnlab.model;

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

    /** The name results and weights files record, e.g. {@code gelu} or {@code leaky-relu:0.01}. */
    String label();
}
