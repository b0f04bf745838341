package org.dlnlab.train;

import org.dlnlab.curvature.Sharpness;
import org.dlnlab.curvature.SharpnessMethod;
import org.dlnlab.curvature.SpectrumEstimate;
import org.dlnlab.data.Dataset;
import org.dlnlab.data.Problem;
import org.dlnlab.model.DeepLinearNet;
import org.dlnlab.model.StandardActivation;
import org.dlnlab.model.Activation;
import org.dlnlab.objective.LossConvention;
import org.dlnlab.objective.Objective;
import org.dlnlab.testing.RandomNets;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sharpness samples taken on a second thread ({@link SamplesAhead}) against the same run with the samples taken
 * inline: the observer must see the same records, field by field and bit for bit, in the same order, and the run must
 * end the same way, for every update rule, with and without activations, when the run diverges, stops early or is
 * interrupted; and a failure of a sample must reach the caller.
 */
class SamplesAheadTest {
    private static final SplittableRandom RNG = new SplittableRandom(5);
    private static final Dataset DATA = RandomNets.dataset(30, 4, 1, RNG);
    private static final Problem PROBLEM = Problem.of(DATA);
    private static final DeepLinearNet NET = DeepLinearNet.of(4, 4, 4, 4, 1);
    private static final double[] W0 = RandomNets.gaussian(NET.parameterCount(), 0.6, RNG);

    private static Objective objective(Activation a) {
        return Objective.of(NET, a, PROBLEM, DATA, LossConvention.MSE);
    }

    private record Run(List<StepRecord> records, TrainResult result) {
    }

    /** The trainer's run, inline (ahead = false) or with a sampler; the observer may act on the records it sees. */
    private static Run run(Trainer trainer, Activation a, SharpnessMethod method, boolean ahead,
                           Consumer<StepRecord> also) {
        List<StepRecord> records = new ArrayList<>();
        Sharpness sharpness = new Sharpness(new Sharpness.Options(method, 1, Sharpness.Options.DEFAULT_TOL, 20,
                Sharpness.Options.DEFAULT_MAX_ITER), new SplittableRandom(9));
        Consumer<StepRecord> observer = r -> {
            records.add(r);
            also.accept(r);
        };
        TrainResult result = trainer.run(objective(a), ahead ? objective(a) : null, W0.clone(), sharpness, observer);
        return new Run(records, result);
    }

    private static void assertSame(SpectrumEstimate a, SpectrumEstimate b, String where) {
        if (a == null || b == null) {
            assertEquals(a, b, where);
            return;
        }
        assertArrayEquals(a.eigenvalues(), b.eigenvalues(), 0, where);
        assertArrayEquals(a.residualNorms(), b.residualNorms(), 0, where);
        assertEquals(a.hvps(), b.hvps(), where);
        assertEquals(a.converged(), b.converged(), where);
    }

    private static void assertSameRuns(Run inline, Run ahead) {
        assertEquals(inline.records.size(), ahead.records.size());
        for (int i = 0; i < inline.records.size(); i++) {
            StepRecord a = inline.records.get(i);
            StepRecord b = ahead.records.get(i);
            String where = "record " + i;
            assertEquals(a.step(), b.step(), where);
            assertEquals(Double.doubleToLongBits(a.loss()), Double.doubleToLongBits(b.loss()), where);
            assertEquals(Double.doubleToLongBits(a.sqDistance()), Double.doubleToLongBits(b.sqDistance()), where);
            assertEquals(Double.doubleToLongBits(a.gradNorm()), Double.doubleToLongBits(b.gradNorm()), where);
            assertSame(a.sharpness(), b.sharpness(), where);
            if (a.weights() == null) {
                assertNull(b.weights(), where);
            } else {
                assertArrayEquals(a.weights(), b.weights(), 0, where);
            }
        }
        assertEquals(inline.result.stopReason(), ahead.result.stopReason());
        assertEquals(inline.result.stepsDone(), ahead.result.stepsDone());
        assertEquals(inline.result.divergedAtStep(), ahead.result.divergedAtStep());
        assertEquals(Double.doubleToLongBits(inline.result.finalLoss()),
                Double.doubleToLongBits(ahead.result.finalLoss()));
        assertSame(inline.result.finalSharpness(), ahead.result.finalSharpness(), "final");
    }

    private static void compare(Trainer trainer, Activation a, SharpnessMethod method) {
        Run inline = run(trainer, a, method, false, r -> { });
        Run ahead = run(trainer, a, method, true, r -> { });
        assertSameRuns(inline, ahead);
        assertTrue(inline.records.stream().filter(r -> r.sharpness() != null).count() > 3, "samples were taken");
    }

    @Test
    void everyUpdateRuleGivesTheInlineRecords() {
        for (Activation a : List.of(StandardActivation.LINEAR, StandardActivation.GELU)) {
            for (SharpnessMethod m : List.of(SharpnessMethod.LANCZOS, SharpnessMethod.POWER)) {
                compare(new Trainer(UpdateRule.gradientDescent(0.02), 60, 3, 7), a, m);
                compare(new Trainer(UpdateRule.momentum(0.01, 0.8), 40, 4, 0), a, m);
                compare(new Trainer(UpdateRule.sgd(0.02, 7, DATA, 3, "sgd"), 40, 5, 0), a, m);
            }
        }
    }

    @Test
    void divergedAndStoppedRunsEndAsInline() {
        Run inline = run(new Trainer(UpdateRule.gradientDescent(3.0), 200, 2, 0), StandardActivation.LINEAR,
                SharpnessMethod.LANCZOS, false, r -> { });
        assertTrue(inline.result.diverged(), "the learning rate is too large");
        assertSameRuns(inline, run(new Trainer(UpdateRule.gradientDescent(3.0), 200, 2, 0),
                StandardActivation.LINEAR, SharpnessMethod.LANCZOS, true, r -> { }));
        double lossAt40 = run(new Trainer(UpdateRule.gradientDescent(0.05), 41, 0, 0), StandardActivation.LINEAR,
                SharpnessMethod.LANCZOS, false, r -> { }).records.get(40).loss();
        Trainer stopping = new Trainer(UpdateRule.gradientDescent(0.05), 5000, 3, 0,
                StopRule.parse("loss<" + lossAt40));
        Run stopped = run(stopping, StandardActivation.LINEAR, SharpnessMethod.LANCZOS, false, r -> { });
        assertEquals(StopReason.STOP_RULE, stopped.result.stopReason());
        assertSameRuns(stopped, run(stopping, StandardActivation.LINEAR, SharpnessMethod.LANCZOS, true, r -> { }));
    }

    @Test
    void anInterruptedRunKeepsTheInlineRecords() {
        Trainer trainer = new Trainer(UpdateRule.gradientDescent(0.02), 500, 2, 0);
        Consumer<StepRecord> interruptAt17 = r -> {
            if (r.step() == 17) {
                Thread.currentThread().interrupt();
            }
        };
        try {
            Run inline = run(trainer, StandardActivation.LINEAR, SharpnessMethod.LANCZOS, false, interruptAt17);
            Thread.interrupted();
            Run ahead = run(trainer, StandardActivation.LINEAR, SharpnessMethod.LANCZOS, true, interruptAt17);
            Thread.interrupted();
            assertEquals(StopReason.INTERRUPTED, inline.result.stopReason());
            // Ahead, the observer sees step 17 later than the trainer takes it: the run may go on a few steps
            // further, but every record it shows is the inline one.
            assertEquals(StopReason.INTERRUPTED, ahead.result.stopReason());
            assertTrue(ahead.records.size() >= inline.records.size() - 1);
            for (int i = 0; i < inline.records.size() - 1; i++) {
                assertEquals(inline.records.get(i).loss(), ahead.records.get(i).loss(), 0);
                assertSame(inline.records.get(i).sharpness(), ahead.records.get(i).sharpness(), "record " + i);
            }
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aFailingSampleReachesTheCaller() {
        Objective real = objective(StandardActivation.LINEAR);
        InvocationHandler failing = (proxy, method, args) -> {
            if (method.getName().equals("hessianAt")) {
                throw new ArithmeticException("sample failed");
            }
            return method.invoke(real, args);
        };
        Objective sampler = (Objective) Proxy.newProxyInstance(Objective.class.getClassLoader(),
                new Class<?>[] {Objective.class}, failing);
        Trainer trainer = new Trainer(UpdateRule.gradientDescent(0.02), 50, 5, 0);
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> trainer.run(
                objective(StandardActivation.LINEAR), sampler, W0.clone(),
                new Sharpness(Sharpness.Options.defaults(), new SplittableRandom(1)), r -> { }));
        assertEquals("sample failed", e.getMessage());
    }
}
