package org.dlnlab.model;

import org.hipparchus.special.Erf;

/**
 * The parameter-free activations (docs/formulas.md §5). {@link #LINEAR} makes an {@link Mlp} a deep linear network.
 */
public enum StandardActivation implements Activation {
    LINEAR("linear") {
        @Override
        public double value(double x) {
            return x;
        }

        @Override
        public double derivative(double x) {
            return 1;
        }

        @Override
        public double secondDerivative(double x) {
            return 0;
        }
    },
    TANH("tanh") {
        @Override
        public double value(double x) {
            return Math.tanh(x);
        }

        /** 1 − tanh²x. */
        @Override
        public double derivative(double x) {
            double t = Math.tanh(x);
            return 1 - t * t;
        }

        /** −2 tanh x (1 − tanh²x). */
        @Override
        public double secondDerivative(double x) {
            double t = Math.tanh(x);
            return -2 * t * (1 - t * t);
        }
    },
    /** The exact GELU x·Φ(x), not its tanh approximation. */
    GELU("gelu") {
        @Override
        public double value(double x) {
            return x * normalCdf(x);
        }

        /** Φ(x) + xφ(x). */
        @Override
        public double derivative(double x) {
            return normalCdf(x) + x * normalDensity(x);
        }

        /** φ(x)(2 − x²), from φ′(x) = −xφ(x). */
        @Override
        public double secondDerivative(double x) {
            return normalDensity(x) * (2 - x * x);
        }
    },
    /** max(0, x); σ′(0) = 0 and σ″ = 0 everywhere (the point mass at 0 is dropped, as autodiff frameworks do). */
    RELU("relu") {
        @Override
        public double value(double x) {
            return x > 0 ? x : 0;
        }

        @Override
        public double derivative(double x) {
            return x > 0 ? 1 : 0;
        }

        @Override
        public double secondDerivative(double x) {
            return 0;
        }
    };

    private static final double SQRT_HALF = Math.sqrt(0.5);
    private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

    private final String label;

    StandardActivation(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }

    /** Φ(x) = erfc(−x/√2)/2, accurate in both tails (1 − Φ would lose the left one). */
    static double normalCdf(double x) {
        return 0.5 * Erf.erfc(-x * SQRT_HALF);
    }

    /** φ(x) = exp(−x²/2)/√(2π). */
    static double normalDensity(double x) {
        return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
    }
}
