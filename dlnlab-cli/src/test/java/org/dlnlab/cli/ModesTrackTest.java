package org.dlnlab.cli;

import org.dlnlab.cli.CliTest.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.dlnlab.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** train --track modes:K on the built-in generators of Gidel et al.'s setting. */
class ModesTrackTest {
    private static final double[] SIGMA = {2.0, 1.5, 1.0};
    private static final String WHITENED = "builtin:commuting:sigma=2,1.5,1:seed=5";

    /** The first k with w(k) ≥ σ/2 of w' = w(1 + η(σ − w))², w(0) = e^{−δ} (whitened: λ = 1), written out here. */
    private static int recurrenceSwitchOn(double sigma, double eta, double delta) {
        double w = Math.exp(-delta);
        int k = 0;
        while (w < sigma / 2) {
            double f = 1 + eta * (sigma - w);
            w *= f * f;
            k++;
        }
        return k;
    }

    /** The first step of trajectory.csv at which column mode_i reaches σ_i/2. */
    private static int[] switchOnsInCsv(Path csv) throws Exception {
        List<String> lines = Files.readAllLines(csv);
        List<String> header = List.of(lines.get(0).split(","));
        int[] found = {-1, -1, -1};
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            for (int i = 0; i < 3; i++) {
                String cell = f[header.indexOf("mode_" + (i + 1))];
                if (found[i] < 0 && !cell.isEmpty() && Double.parseDouble(cell) >= SIGMA[i] / 2) {
                    found[i] = Integer.parseInt(f[0]);
                }
            }
        }
        return found;
    }

    @Test
    void onWhitenedCommutingDataTheSwitchOnStepsAreTheExactRecurrencesUpToDeltaOf160(@TempDir Path dir)
            throws Exception {
        double eta = 0.1;
        for (double delta : new double[]{10, 40, 100, 160}) {
            int steps = recurrenceSwitchOn(SIGMA[2], eta, delta) + 5;
            Path out = dir.resolve("d" + (int) delta);
            Run r = run("train", "--data", WHITENED, "--loss", "half-mse", "--depth", "2", "--init",
                    "spectral:" + delta, "--lr", String.valueOf(eta), "--steps", String.valueOf(steps), "--track",
                    "modes:1", "--out", out.toString(), "--json");
            assertEquals(0, r.code(), r.err());
            JsonNode modes = r.json().get("modes");
            assertEquals("spectral", modes.get("delta_source").asString());
            int[] fromCsv = switchOnsInCsv(out.resolve("trajectory.csv"));
            for (int i = 0; i < 3; i++) {
                int exact = recurrenceSwitchOn(SIGMA[i], eta, delta);
                JsonNode m = modes.get("modes").get(i);
                assertEquals(exact, fromCsv[i], "δ = " + delta + ", mode " + (i + 1));
                assertEquals(exact, m.get("switch_on_step").asInt(), "δ = " + delta + ", mode " + (i + 1));
                assertEquals(exact, m.get("predicted_step_recurrence").asInt());
                assertEquals(exact / delta, m.get("rescaled_step").asDouble(), 1e-15);
            }
            // Sequential: in the order of σ.
            assertTrue(fromCsv[0] < fromCsv[1] && fromCsv[1] < fromCsv[2], java.util.Arrays.toString(fromCsv));
            // Along the commuting dynamics E stays diagonal in the modes, E = U diag(w) Vᵀ, and W_RRR(r) keeps the first
            // r limits σ_i: ‖E − W_RRR(r)‖² = Σ_{i≤r} (w_i − σ_i)² + Σ_{i>r} w_i².
            List<String> lines = Files.readAllLines(out.resolve("trajectory.csv"));
            List<String> header = List.of(lines.get(0).split(","));
            double mass = 0;
            for (String line : lines.subList(1, lines.size())) {
                mass = Math.max(mass, Double.parseDouble(line.split(",")[header.indexOf("off_diagonal_mass")]));
            }
            assertTrue(mass < 1e-10, "off-diagonal mass " + mass);
            String[] last = lines.get(lines.size() - 1).split(",");
            for (int rank = 1; rank <= 3; rank++) {
                double sq = 0;
                for (int i = 0; i < 3; i++) {
                    double w = Double.parseDouble(last[header.indexOf("mode_" + (i + 1))]);
                    sq += i < rank ? (w - SIGMA[i]) * (w - SIGMA[i]) : w * w;
                }
                assertEquals(Math.sqrt(sq), Double.parseDouble(last[header.indexOf("rrr_distance_" + rank)]), 1e-9);
            }
        }
    }

    @Test
    void underMseThePredictionsTakeTwiceTheStep(@TempDir Path dir) {
        double eta = 0.05;
        double delta = 30;
        Run r = run("train", "--data", WHITENED, "--depth", "2", "--init", "spectral:" + delta, "--lr",
                String.valueOf(eta), "--steps", "400", "--track", "modes:1", "--log-every", "100", "--out",
                dir.toString(), "--force", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode modes = r.json().get("modes");
        assertEquals("mse", modes.get("loss_convention").asString());
        for (int i = 0; i < 3; i++) {
            JsonNode m = modes.get("modes").get(i);
            assertEquals(recurrenceSwitchOn(SIGMA[i], 2 * eta, delta), m.get("switch_on_step").asInt());
            assertEquals(1 / (2 * Math.log1p(2 * eta * SIGMA[i])), m.get("predicted_rescaled_step_gd").asDouble(),
                    1e-12);
            // The flow's clock under mse runs at 2t: the switch-on time is 2ηk.
            assertEquals(2 * eta * m.get("switch_on_step").asInt(), m.get("switch_on_time").asDouble(), 1e-12);
        }
    }

    @Test
    void aRandomSmallStartReportsTheEffectiveDeltaAndNonCommutingDataLeaveTheDiagonal(@TempDir Path dir) {
        Run r = run("train", "--data", "builtin:noncommuting:sigma=2,1.5,1:lambda=1,0.5,2:angle=0.4", "--loss",
                "half-mse", "--depth", "2", "--init", "small:0.001", "--lr", "0.1", "--steps", "300", "--track",
                "modes:10", "--out", dir.toString(), "--force", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode modes = r.json().get("modes");
        assertTrue(modes.get("delta_source").asString().startsWith("effective"));
        assertTrue(modes.get("delta").asDouble() > 5, modes.toString());
        assertTrue(modes.get("commutator_norm").asDouble() > 0.1, modes.toString());
        // At the end E is W* = Σ⁻¹Σ_xy, which the modes of Σ_xy do not diagonalize when the statistics do not commute.
        JsonNode ranks = modes.get("reduced_rank");
        assertEquals(0, ranks.get(3).get("final_rrr_distance").asDouble(), 1e-6);
        assertTrue(ranks.get(1).get("plateau_rrr_distance").asDouble() > 1e-3);
    }

    @Test
    void underTheFlowTheSwitchOnTimesAreTheClosedFormsToASample(@TempDir Path dir) {
        double delta = 12;
        double dt = 0.01;
        Run r = run("train", "--data", WHITENED, "--loss", "half-mse", "--depth", "2", "--init", "spectral:" + delta,
                "--optimizer", "flow", "--time", "8", "--sample-every", String.valueOf(dt), "--track", "modes:1",
                "--log-every", "100", "--out", dir.toString(), "--force", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode modes = r.json().get("modes");
        for (int i = 0; i < 3; i++) {
            JsonNode m = modes.get("modes").get(i);
            // The logistic w(t) = σ/(1 + (σe^δ − 1)e^{−2σt}) reaches σ/2 at t = ln(σe^δ − 1)/(2σ), written out here.
            double exact = Math.log(SIGMA[i] * Math.exp(delta) - 1) / (2 * SIGMA[i]);
            double measured = m.get("switch_on_time").asDouble();
            assertTrue(measured >= exact - 1e-9 && measured < exact + dt + 1e-9, "mode " + (i + 1) + ": " + measured
                    + " against " + exact);
            assertEquals(exact, m.get("predicted_time_flow").asDouble(), 1e-9);
            assertTrue(!m.has("predicted_step_recurrence"), "no GD prediction for the flow");
        }
    }

    @Test
    void badModeTrackingIsExitTwoNamingTheOption(@TempDir Path dir) {
        Run zero = run("train", "--data", WHITENED, "--depth", "2", "--lr", "0.1", "--steps", "3", "--track",
                "modes:0", "--out", dir.resolve("a").toString());
        assertEquals(2, zero.code());
        assertTrue(zero.err().contains("--track modes:0"), zero.err());
        Run generator = run("train", "--data", "builtin:commuting:sigma=1,x", "--depth", "2", "--lr", "0.1",
                "--steps", "3", "--out", dir.resolve("b").toString());
        assertEquals(2, generator.code());
        assertTrue(generator.err().contains("builtin:commuting:sigma=1,x"), generator.err());
    }
}
