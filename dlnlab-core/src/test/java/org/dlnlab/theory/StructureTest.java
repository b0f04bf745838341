package org.dlnlab.theory;

import org.dlnlab.RandomStreams;
import org.dlnlab.curvature.DenseSpectrum;
import org.dlnlab.curvature.Sharpness;
import org.dlnlab.data.DataSources;
import org.dlnlab.data.Problem;
import org.dlnlab.init.Initialization;
import org.dlnlab.model.DeepLinearNet;
import org.dlnlab.objective.LossConvention;
import org.dlnlab.objective.LinearChainObjective;
import org.dlnlab.objective.Objective;
import org.dlnlab.train.FlowResult;
import org.dlnlab.train.GradientFlow;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StructureTest {
    private static final Problem FIG1 = Problem.of(DataSources.load("builtin:mc_fig1", List.of()));

    @Test
    void alignedMinimizerIsRankOneAlignedAndBalanced() {
        DeepLinearNet net = DeepLinearNet.standard(5, 5, 6, 1);
        double[] w = Initialization.parse("aligned-minimizer").create(net, FIG1, null);
        Structure s = Structure.of(net, w);
        assertEquals(0, s.maxRankOneDefect(), 1e-14);
        assertEquals(0, s.maxMisalignment(), 1e-14);
        for (double b : s.balancedness()) {
            assertEquals(0, b, 1e-14);
        }
    }

    @Test
    void defectIsFrobeniusMinusTheTopEigenvalueOfTheGram() {
        SplittableRandom rng = new SplittableRandom(4);
        DeepLinearNet net = DeepLinearNet.of(4, 6, 3, 1);
        double[] w = new double[net.parameterCount()];
        for (int i = 0; i < w.length; i++) {
            w[i] = rng.nextGaussian();
        }
        Structure s = Structure.of(net, w);
        for (int k = 1; k <= 3; k++) {
            DMatrixRMaj m = new DMatrixRMaj(net.rows(k), net.cols(k));
            System.arraycopy(w, net.offset(k), m.data, 0, m.data.length);
            DMatrixRMaj gram = new DMatrixRMaj(m.numCols, m.numCols);
            CommonOps_DDRM.multTransA(m, m, gram);
            double top = DenseSpectrum.top(gram, 1).top();
            assertEquals(CommonOps_DDRM.elementSum(CommonOps_DDRM.elementMult(m, m, null)) - top, s.rankOneDefects()[k - 1], 1e-12 * top, "layer " + k);
            assertEquals(Math.sqrt(top), s.singularValues()[k - 1][0], 1e-12 * Math.sqrt(top));
        }
    }

    @Test
    void alignmentIsTheSquaredCosineBetweenConsecutiveSingularVectors() {
        double theta = 0.3;
        // W_1 = 3 e_1 e_1ᵀ + e_2 e_2ᵀ (top left vector e_1); W_2 = 2 (cos θ, sin θ) as a row (top right vector).
        DeepLinearNet net = DeepLinearNet.of(2, 2, 1);
        double[] w = {3, 0, 0, 1, 2 * Math.cos(theta), 2 * Math.sin(theta)};
        Structure s = Structure.of(net, w);
        assertEquals(Math.cos(theta) * Math.cos(theta), s.alignments()[0], 1e-14);
        // W_2ᵀW_2 − W_1W_1ᵀ by hand.
        double c = 2 * Math.cos(theta);
        double d = 2 * Math.sin(theta);
        double expected = Math.sqrt(Math.pow(c * c - 9, 2) + 2 * Math.pow(c * d, 2) + Math.pow(d * d - 1, 2));
        assertEquals(expected, s.balancedness()[0], 1e-13);
        assertEquals(1, s.rankOneDefects()[0], 1e-14);
        assertEquals(0, s.rankOneDefects()[1], 1e-14);
    }

    /** Issue 3: smaller initializations give flatter, more rank-one and better aligned solutions. */
    @Test
    void flowFromSmallerInitsEndsMoreRankOneAndAlignedWithinTheSharpnessLine() {
        double[] eig = FIG1.sigmaEigenvalues();
        for (int depth : new int[]{3, 4}) {
            DeepLinearNet net = DeepLinearNet.standard(5, 5, depth, 1);
            Bounds b = Bounds.of(FIG1, depth, LossConvention.MSE);
            double ratioLine = 4 * eig[eig.length - 1] / b.a();
            double previousDefect = Double.POSITIVE_INFINITY;
            double previousMisalignment = Double.POSITIVE_INFINITY;
            for (double scale : new double[]{0.3, 0.2, 0.1, 0.05}) {
                double[] w = Initialization.parse("small:" + scale).create(net, FIG1, RandomStreams.of(0, "init"));
                Objective o = new LinearChainObjective(net, FIG1, LossConvention.MSE);
                Sharpness sharp = new Sharpness(Sharpness.Options.defaults(), RandomStreams.of(0, "sharpness"));
                FlowResult r = GradientFlow.of(4000, 4000).run(o, w, sharp, x -> { });
                assertTrue(!r.diverged() && r.result().finalSqDistance() < 1e-10,
                        "depth " + depth + ", s = " + scale + ": " + r.result().finalSqDistance());
                Structure st = Structure.of(net, w);
                double ratio = r.result().finalSharpness().top() / b.sharpnessLowerBound();
                System.out.printf(Locale.ROOT, "depth %d s %.2f: defect %.3e misalignment %.3e S/S_lb %.4f (line"
                                + " %.3f) steps %d%n", depth, scale, st.maxRankOneDefect(), st.maxMisalignment(), ratio,
                        ratioLine, r.acceptedSteps());
                assertTrue(ratio <= ratioLine, "S/S_lb = " + ratio + " above 4Λ/a = " + ratioLine);
                assertTrue(st.maxRankOneDefect() < previousDefect, "defect did not decrease at s = " + scale);
                assertTrue(st.maxMisalignment() < previousMisalignment, "misalignment did not decrease at s = " + scale);
                previousDefect = st.maxRankOneDefect();
                previousMisalignment = st.maxMisalignment();
            }
        }
    }
}
