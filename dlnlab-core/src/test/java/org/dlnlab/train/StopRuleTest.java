package org.dlnlab.train;

import org.dlnlab.InvalidInputException;
import org.dlnlab.curvature.Sharpness;
import org.dlnlab.data.Problem;
import org.dlnlab.model.DeepLinearNet;
import org.dlnlab.objective.LinearChainObjective;
import org.dlnlab.objective.LossConvention;
import org.dlnlab.testing.RandomNets;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stop rules end gradient descent and momentum where their rows first satisfy them. */
class StopRuleTest {
    private static final Problem PROBLEM = RandomNets.problem(30, 3, 1, new SplittableRandom(4));
    private static final DeepLinearNet NET = DeepLinearNet.of(3, 3, 3, 1);

    private static double[] start() {
        return RandomNets.gaussian(NET.parameterCount(), 0.3, new SplittableRandom(5));
    }

    private static Sharpness sharpness() {
        return new Sharpness(Sharpness.Options.defaults(), new SplittableRandom(1));
    }

    @Test
    void endsOneStepAfterTheFirstRowThatMeetsTheRuleForEveryUpdateRule() {
        for (UpdateRule rule : List.of(UpdateRule.gradientDescent(0.05), UpdateRule.momentum(0.02, 0.6))) {
            // The full run's rows, and the first step whose row meets the rule, found independently.
            List<StepRecord> rows = new ArrayList<>();
            new Trainer(rule, 3000, 0, 0).run(new LinearChainObjective(NET, PROBLEM, LossConvention.MSE), start(),
                    sharpness(), rows::add);
            double threshold = rows.get(0).sqDistance() * 1e-6;
            int first = -1;
            for (StepRecord r : rows) {
                if (r.sqDistance() < threshold) {
                    first = r.step();
                    break;
                }
            }
            assertTrue(first > 0 && first < 2999, rule + ": " + first);
            double[] w = start();
            TrainResult stopped = new Trainer(rule, 3000, 0, 0,
                    StopRule.parse("sq_distance<" + threshold)).run(new LinearChainObjective(NET, PROBLEM,
                    LossConvention.MSE), w, sharpness(), r -> { });
            assertEquals(StopReason.STOP_RULE, stopped.stopReason(), rule.toString());
            assertEquals(first + 1, stopped.stepsDone(), rule.toString());
            double[] plain = start();
            new Trainer(rule, first + 1, 0, 0).run(new LinearChainObjective(NET, PROBLEM, LossConvention.MSE), plain,
                    sharpness(), r -> { });
            assertArrayEquals(plain, w, 0, rule.toString());
        }
    }

    @Test
    void aRunWithoutRulesCompletes() {
        TrainResult r = Trainer.gradientDescent(0.05, 50, 0).run(new LinearChainObjective(NET, PROBLEM,
                LossConvention.MSE), start(), sharpness(), x -> { });
        assertEquals(StopReason.COMPLETED, r.stopReason());
        assertEquals("completed", r.stopReason().label());
    }

    @Test
    void parsesEveryQuantityAndRefusesTheRest() {
        assertEquals(List.of(new StopRule(StopRule.Quantity.LOSS, 0.5), new StopRule(StopRule.Quantity.GRAD_NORM,
                1e-8)), StopRule.parse("loss<0.5, grad_norm < 1e-8"));
        for (String bad : new String[]{"sq_distance>1", "sq_distance<", "speed<1", "loss<nan", "loss<1<2", ""}) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> StopRule.parse(bad), bad);
            assertTrue(e.getMessage().contains("stop rule"), e.getMessage());
        }
    }
}
