package org.dlnlab.experiments.papers.marionchizat;

import org.dlnlab.experiments.Family;
import org.dlnlab.experiments.Reproduction;
import org.dlnlab.experiments.spec.RunConfig;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The run keys of every family, paper and quick scale, as they were when the first results were published: the
 * random streams of a run derive from (seed, key), so a key written differently changes the published numbers.
 */
class RunKeysTest {
    /** The families added after the first results (the GELU check, the open-question-2 study). */
    private static final List<String> LATER = List.of(GeluSweep.FAMILY, OpenQuestion2.Depth.FAMILY,
            OpenQuestion2.Batches.FAMILY);

    private static List<String> keys(Reproduction.Scale scale) {
        return new MarionChizat().families(scale).stream().filter(f -> !LATER.contains(f.id()))
                .flatMap(f -> f.runs().stream()).map(RunConfig::key).toList();
    }

    private static String sha256(List<String> keys) throws Exception {
        byte[] h = MessageDigest.getInstance("SHA-256").digest(String.join("\n", keys)
                .getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(h);
    }

    @Test
    void eachFamilyStartsWhereItDid() {
        assertEquals(List.of("fig1/eta=0.005/s=0.25/rep=000", "fig1_trajectories/eta=0.02/s=0.35",
                "fig1_residual/eta=0.005/s=0/rep=000", "fig1_residual_trajectories/eta=0.02/s=0.5",
                "fig2/L=05/eta=0.01/rep=000", "fig6/eta=0.001/s=0.1/rep=000", "fig_gelu/eta=0.02/s=0.428/rep=000",
                "oq2_depth/act=gelu/L=02/rep=000", "oq2_sgd/act=linear/B=05/rep=000"), new MarionChizat()
                .families(Reproduction.Scale.PAPER).stream().map(Family::runs).map(r -> r.get(0).key()).toList());
    }

    @Test
    void everyKeyIsUnchanged() throws Exception {
        List<String> paper = keys(Reproduction.Scale.PAPER);
        assertEquals(8864, paper.size());
        assertEquals("67f515ca401e21785ace929ed9e7b84d0c1422ae4ca54f8746bd4fbab32375b0", sha256(paper));
        List<String> quick = keys(Reproduction.Scale.QUICK);
        assertEquals(466, quick.size());
        assertEquals("5b4eba292e864122302336d3c574859dc8c4c984c9952c7aea2ee76d66abc3a2", sha256(quick));
    }

    @Test
    void theLaterFamiliesHaveTheirRuns() {
        List<Family> all = new MarionChizat().families(Reproduction.Scale.PAPER);
        assertEquals(List.of(64, 24, 24), all.stream().filter(f -> LATER.contains(f.id())).map(f -> f.runs().size())
                .toList());
        List<String> keys = all.stream().flatMap(f -> f.runs().stream()).map(RunConfig::key).toList();
        assertEquals(keys.size(), keys.stream().distinct().count(), "run keys are unique");
    }
}
