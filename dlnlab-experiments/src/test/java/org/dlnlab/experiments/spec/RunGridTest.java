package org.dlnlab.experiments.spec;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RunGridTest {
    private static final RunConfig BASE = new RunConfig("f", "f", "builtin:mc_fig1", null, 10, 5, null, "small", 0, 0,
            0, 0, 0);

    private static List<String> keys(List<RunConfig> runs) {
        return runs.stream().map(RunConfig::key).toList();
    }

    @Test
    void axesNestInOrderTheFirstOutermostAndRepetitionsFollowTheirSchedule() {
        List<RunConfig> runs = RunGrid.of(BASE).schedules(List.of(new Schedule(0.005, 400, 2),
                new Schedule(0.2, 20, 1))).scales(List.of(0.25, 0.25 + 0.35 / 9)).scheduledReps().runs();
        assertEquals(List.of("f/eta=0.005/s=0.25/rep=000", "f/eta=0.005/s=0.25/rep=001",
                "f/eta=0.005/s=0.2889/rep=000", "f/eta=0.005/s=0.2889/rep=001", "f/eta=0.2/s=0.25/rep=000",
                "f/eta=0.2/s=0.2889/rep=000"), keys(runs));
        assertEquals(new RunConfig("f", "f/eta=0.2/s=0.2889/rep=000", "builtin:mc_fig1", null, 10, 5, null, "small",
                0.25 + 0.35 / 9, 0.2, 20, 0, 0), runs.get(5));
        assertEquals(1, runs.get(1).rep());
    }

    @Test
    void depthsHaveTwoDigitsAndSetTheirProjection() {
        List<RunConfig> runs = RunGrid.of(BASE).depths(List.of(5, 40), l -> "builtin:mc_projections:depths_L" + l)
                .rates(List.of(0.01)).reps(2).runs();
        assertEquals(List.of("f/L=05/eta=0.01/rep=000", "f/L=05/eta=0.01/rep=001", "f/L=40/eta=0.01/rep=000",
                "f/L=40/eta=0.01/rep=001"), keys(runs));
        assertEquals(40, runs.get(2).depth());
        assertEquals("builtin:mc_projections:depths_L40", runs.get(2).projection());
    }

    @Test
    void aGridWithoutRepetitionsHasNoRepInItsKeys() {
        List<RunConfig> runs = RunGrid.of(BASE).rates(List.of(0.02, 0.1)).scales(List.of(0.35)).runs();
        assertEquals(List.of("f/eta=0.02/s=0.35", "f/eta=0.1/s=0.35"), keys(runs));
        assertEquals(0, runs.get(1).rep());
    }
}
