package org.dlnlab.model;

/**
 * x for x &gt; 0, αx otherwise; σ′(0) = α and σ″ = 0 everywhere, as for {@link StandardActivation#RELU}.
 *
 * @param slope α, in (0, 1)
 */
public record LeakyRelu(double slope) implements Activation {
    public LeakyRelu {
        if (!(slope > 0 && slope < 1)) {
            throw new IllegalArgumentException("the leaky slope must be in (0, 1), got " + slope);
        }
    }

    @Override
    public double value(double x) {
        return x > 0 ? x : slope * x;
    }

    @Override
    public double derivative(double x) {
        return x > 0 ? 1 : slope;
    }

    @Override
    public double secondDerivative(double x) {
        return 0;
    }

    @Override
    public String label() {
        return "leaky-relu:" + slope;
    }
}
