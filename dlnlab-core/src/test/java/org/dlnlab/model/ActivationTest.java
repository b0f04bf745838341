package org.dlnlab.model;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** σ′ and σ″ against central differences of σ and σ′, and GELU against tabulated values of Φ. */
class ActivationTest {
    private static final List<Activation> ALL = List.of(StandardActivation.LINEAR, StandardActivation.TANH,
            StandardActivation.GELU, StandardActivation.RELU, new LeakyRelu(0.01), new LeakyRelu(0.3));
    /** Away from ReLU's kink at 0, where the difference quotient straddles two branches. */
    private static final double[] POINTS = {-6.5, -3, -1.2, -0.4, -0.05, 0.07, 0.3, 1, 2.5, 7};

    private static double centralDifference(java.util.function.DoubleUnaryOperator f, double x) {
        double h = 1e-5;
        return (f.applyAsDouble(x + h) - f.applyAsDouble(x - h)) / (2 * h);
    }

    @Test
    void derivativesAreTheDifferenceQuotientsOfTheValue() {
        for (Activation a : ALL) {
            for (double x : POINTS) {
                assertEquals(centralDifference(a::value, x), a.derivative(x), 1e-9, a.label() + " σ′ at " + x);
                assertEquals(centralDifference(a::derivative, x), a.secondDerivative(x), 1e-9,
                        a.label() + " σ″ at " + x);
            }
        }
    }

    /**
     * Φ(1), Φ(−1), Φ(−3), Φ(2), Φ(−10) from tables of the standard normal distribution (17 digits), to 2e-15 relative
     * (Hipparchus' erfc is good to a few ulps; 1e-13 in the far tail).
     */
    @Test
    void geluIsXTimesTheNormalDistributionFunction() {
        Activation g = StandardActivation.GELU;
        assertEquals(0.8413447460685429, g.value(1), 2e-15 * 0.85);
        assertEquals(-0.15865525393145707, g.value(-1), 2e-15 * 0.16);
        assertEquals(-3 * 0.0013498980316300946, g.value(-3), 2e-15 * 0.005);
        assertEquals(2 * 0.9772498680518208, g.value(2), 2e-15 * 2);
        assertEquals(0.5, g.derivative(0), 2e-16); // one ulp: Φ(0) is φ(0)·R(0), a product of two roundings
        assertEquals(2 / Math.sqrt(2 * Math.PI), g.secondDerivative(0), 1e-16);
        // Far in the left tail x·Φ(x) is tiny but not zero: Φ must not be computed as 1 − Φ(−x).
        assertEquals(-10 * 7.619853024160527e-24, g.value(-10), 1e-13 * 7.7e-23);
    }

    @Test
    void reluHasZeroSlopeAtZeroAndNoCurvature() {
        assertEquals(0, StandardActivation.RELU.derivative(0));
        assertEquals(0, StandardActivation.RELU.secondDerivative(0));
        assertEquals(0.01, new LeakyRelu(0.01).derivative(0));
        assertEquals(-0.02, new LeakyRelu(0.01).value(-2), 1e-18);
    }

    @Test
    void leakySlopeOutsideTheOpenUnitIntervalIsRefused() {
        for (double bad : new double[]{0, 1, -0.1, 1.5, Double.NaN}) {
            assertThrows(IllegalArgumentException.class, () -> new LeakyRelu(bad), "slope " + bad);
        }
    }

    @Test
    void labelsReadBackAsTheSameActivation() {
        for (Activation a : ALL) {
            assertEquals(a, Activation.parse(a.label()), a.label());
        }
        assertEquals(new LeakyRelu(0.01), Activation.parse("leaky-relu"));
        assertEquals(new LeakyRelu(0.25), Activation.parse("leaky-relu:0.25"));
    }

    @Test
    void unknownActivationsAndLeakySlopesOutsideTheUnitIntervalAreBadInput() {
        for (String bad : new String[]{"sigmoid", "GELU", "", "leaky-relu:", "leaky-relu:0", "leaky-relu:1",
                "leaky-relu:-0.5", "leaky-relu:x", "leaky-relu:NaN", "relu:0.1"}) {
            org.dlnlab.InvalidInputException e = assertThrows(org.dlnlab.InvalidInputException.class,
                    () -> Activation.parse(bad), bad);
            assertEquals(org.dlnlab.InvalidInputException.Input.ACTIVATION, e.input().orElseThrow(), bad);
        }
    }

    /** The batched forms (one φ and Φ, or one tanh, for σ and σ′) compute bit for bit the scalar ones. */
    @Test
    void batchedValuesAndSlopesAreTheScalarOnes() {
        double[] z = new double[401];
        for (int i = 0; i < z.length; i++) {
            z[i] = -40 + i * 0.2;
        }
        for (Activation a : ALL) {
            double[] v = new double[z.length];
            double[] s = new double[z.length];
            double[] c = new double[z.length];
            a.valuesAndSlopes(z, 3, z.length, v, s);
            a.secondDerivatives(z, 3, z.length, c);
            assertEquals(0, v[2] + s[2] + c[2], a.label() + ": wrote before from");
            for (int i = 3; i < z.length; i++) {
                assertEquals(a.value(z[i]), v[i], 0.0, a.label() + " σ at " + z[i]);
                assertEquals(a.derivative(z[i]), s[i], 0.0, a.label() + " σ′ at " + z[i]);
                assertEquals(a.secondDerivative(z[i]), c[i], 0.0, a.label() + " σ″ at " + z[i]);
            }
        }
    }
}
