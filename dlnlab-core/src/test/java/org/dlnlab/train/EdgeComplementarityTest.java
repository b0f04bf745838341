package org.dlnlab.train;

import org.dlnlab.testing.Cases;
import org.dlnlab.testing.Cases.Trial;
import org.dlnlab.testing.RandomNets;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The three conditions X ⪰ 0, A + B[X] ⪰ 0, ⟨X, A + B[X]⟩ = 0, each checked directly (eigenvalues of X and of the
 * slack, the inner product) on random problems shaped like the central flow's: B a Gram map of random gradients.
 */
class EdgeComplementarityTest {
    private static final double TOL = 1e-10;

    private record Problem(double[] a, double[] m, int k) {
    }

    /** A random symmetric A with eigenvalues of either sign, B[X]_ij = c⟨D_ij, Σ_kl X_kl D_kl⟩. */
    private static Problem random(long seed, int k) {
        SplittableRandom rng = new SplittableRandom(seed);
        int dim = 6 + rng.nextInt(20);
        double[][] d = new double[k * k][];
        for (int i = 0; i < k; i++) {
            for (int j = i; j < k; j++) {
                d[i * k + j] = RandomNets.gaussian(dim, 1, rng);
                d[j * k + i] = d[i * k + j];
            }
        }
        double scale = Math.exp(rng.nextDouble(-3, 3));
        double[] m = new double[k * k * k * k];
        for (int p = 0; p < k * k; p++) {
            for (int q = 0; q < k * k; q++) {
                double s = 0;
                for (int e = 0; e < dim; e++) {
                    s += d[p][e] * d[q][e];
                }
                m[p * k * k + q] = scale * s;
            }
        }
        double[] a = new double[k * k];
        for (int i = 0; i < k; i++) {
            for (int j = i; j < k; j++) {
                a[i * k + j] = rng.nextGaussian() * 3;
                a[j * k + i] = a[i * k + j];
            }
        }
        return new Problem(a, m, k);
    }

    private static double[] slack(Problem p, double[] x) {
        int n = p.k * p.k;
        double[] s = new double[n];
        EdgeComplementarity.apply(p.m, x, s, n);
        for (int i = 0; i < n; i++) {
            s[i] += p.a[i];
        }
        return s;
    }

    private static double norm(double[] v) {
        return org.dlnlab.kernels.Blocks.norm(v, v.length);
    }

    @Cases.Property(tries = 60, edgeCases = 3)
    void solutionsMeetTheThreeConditions(Trial t) {
        int k = t.intIn("k", 1, 3);
        Problem p = random(t.anyLong("seed"), k);
        double[] x = EdgeComplementarity.solve(p.a, p.m, k);
        double[] s = slack(p, x);
        double scale = norm(p.a) + norm(p.m) * norm(x);
        assertTrue(EdgeComplementarity.smallestEigenvalue(x, k) >= -TOL * scale, "X ⪰ 0");
        assertTrue(EdgeComplementarity.smallestEigenvalue(s, k) >= -TOL * scale, "A + B[X] ⪰ 0");
        double inner = 0;
        for (int i = 0; i < k * k; i++) {
            inner += x[i] * s[i];
        }
        assertTrue(Math.abs(inner) <= TOL * scale * Math.max(norm(x), 1e-300), "⟨X, A + B[X]⟩ = " + inner);
        assertTrue(EdgeComplementarity.violation(p.a, p.m, x, k) <= TOL);
    }

    /** The check can fail: X = 0 violates A + B[X] ⪰ 0 when A has a negative eigenvalue. */
    @Test
    void violationDetectsAWrongAnswer() {
        Problem p = random(5, 2);
        p.a[0] = -10;
        assertTrue(EdgeComplementarity.violation(p.a, p.m, new double[4], 2) > 1e-3);
    }

    /** With one eigenvalue at the edge, X is the restoring term's σ² = max(0, −A/B). */
    @Test
    void oneEigenvalueIsTheClosedForm() {
        assertEquals(2.5, EdgeComplementarity.solve(new double[]{-5}, new double[]{2}, 1)[0], 0);
        assertEquals(0, EdgeComplementarity.solve(new double[]{5}, new double[]{2}, 1)[0], 0);
    }
}
