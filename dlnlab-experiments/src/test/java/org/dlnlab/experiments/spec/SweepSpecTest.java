package org.dlnlab.experiments.spec;

import org.dlnlab.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SweepSpecTest {
    private static SweepSpec parse(String yaml) {
        return SweepSpec.parse("s.yaml", new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    /** A point as "option=value,…/rep". */
    private static List<String> points(SweepSpec s) {
        return s.points().stream().map(p -> String.join(",", p.settings().stream()
                .map(x -> x.option() + "=" + x.value()).toList()) + "/" + p.rep()).toList();
    }

    @Test
    void theGridIsTheProductOfTheAxesFirstOutermostWithZipGroupsMovingTogether() {
        SweepSpec s = parse("""
                seed: 7
                base: {depth: 2}
                axes:
                  width: [3, 4]
                zip:
                  - lr: [0.1, 0.2]
                    steps: [20, 10]
                    reps: [1, 2]
                """);
        assertEquals(7, s.seed());
        assertEquals(List.of(
                "depth=2,width=3,lr=0.1,steps=20/0",
                "depth=2,width=3,lr=0.2,steps=10/0", "depth=2,width=3,lr=0.2,steps=10/1",
                "depth=2,width=4,lr=0.1,steps=20/0",
                "depth=2,width=4,lr=0.2,steps=10/0", "depth=2,width=4,lr=0.2,steps=10/1"), points(s));
        assertEquals(List.of("depth", "width", "lr", "steps"), s.options());
    }

    @Test
    void rangesAreNumPysLinspaceAndLogspaceInRoundTripForm() {
        // numpy.linspace(0.1, 0.2, 3) and numpy.logspace(-2, 0, 3), as repr() prints them.
        assertEquals(List.of("lr=0.1/0", "lr=0.15000000000000002/0", "lr=0.2/0"),
                points(parse("axes:\n  lr: {linspace: [0.1, 0.2, 3]}\n")));
        assertEquals(List.of("lr=0.01/0", "lr=0.1/0", "lr=1.0/0"),
                points(parse("axes:\n  lr: {logspace: [-2, 0, 3]}\n")));
    }

    @Test
    void repsRepeatEveryPointInnermostAndAListInBaseIsJoined() {
        assertEquals(List.of("track=sharpness:5,structure:10/0", "track=sharpness:5,structure:10/1"),
                points(parse("reps: 2\nbase:\n  track: [sharpness:5, structure:10]\n")));
    }

    @Test
    void changesAreNamedEntryByEntry() {
        SweepSpec before = parse("reps: 2\nbase: {depth: 2}\naxes:\n  lr: [0.1, 0.2]\n");
        SweepSpec after = parse("reps: 2\naxes:\n  lr: [0.1, 0.3]\n  width: [3]\n");
        assertEquals(List.of("base.depth: removed (was 2)", "axes.lr: [0.1, 0.2] → [0.1, 0.3]",
                "axes.width: added ([3])"), after.changesFrom(before.canonical()));
        assertEquals(List.of(), before.changesFrom(before.canonical()));
    }

    @Test
    void anOptionIsSetInOnePlace() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> parse("base: {lr: 0.1}\naxes:\n  lr: [0.2]\n"));
        assertEquals("s.yaml:3: lr: already set in base (line 1); an option is set in one place", e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> parse("axes:\n  lr: 0.2\n"));
        assertEquals("s.yaml:2: lr: an axis needs a list of values, e.g. [0.2]; a single value goes in base",
                e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> parse("base: [1, 2]\n"));
        assertEquals("s.yaml:1: base: expected a mapping of option names to values", e.getMessage());
    }
}
