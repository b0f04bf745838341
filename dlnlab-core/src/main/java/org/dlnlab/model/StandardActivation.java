package org.dlnlab.model;

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

        /** One tanh per entry for σ and σ′ together. */
        @Override
        public void valuesAndSlopes(double[] z, int from, int to, double[] value, double[] slope) {
            for (int i = from; i < to; i++) {
                double t = Math.tanh(z[i]);
                value[i] = t;
                slope[i] = 1 - t * t;
            }
        }
    },
    /** The exact GELU x·Φ(x), not its tanh approximation ({@link Gelu}). */
    GELU("gelu") {
        @Override
        public double value(double x) {
            return Gelu.value(x);
        }

        /** Φ(x) + xφ(x). */
        @Override
        public double derivative(double x) {
            return Gelu.derivative(x);
        }

        /** φ(x)(2 − x²), from φ′(x) = −xφ(x). */
        @Override
        public double secondDerivative(double x) {
            return Normal.density(x) * (2 - x * x);
        }

        /** Polynomials on the central range, for σ and σ′ together. */
        @Override
        public void valuesAndSlopes(double[] z, int from, int to, double[] value, double[] slope) {
            Gelu.valuesAndSlopes(z, from, to, value, slope);
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


    private final String label;

    StandardActivation(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
