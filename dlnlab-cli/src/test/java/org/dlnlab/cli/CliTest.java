package org.dlnlab.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CliTest {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    record Run(int code, String out, String err) {
        JsonNode json() {
            return MAPPER.readTree(out);
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void boundsOnThePaperDataReportTheConstantsOfTheDataReadme() {
        Run r = run("bounds", "--data", "builtin:mc_fig1", "--depth", "10", "--json");
        assertEquals(0, r.code, r.err);
        JsonNode o = r.json();
        assertEquals(0.932805, o.get("a").asDouble(), 5e-7);
        assertEquals(18.6561, o.get("sharpness_lower_bound").asDouble(), 5e-5);
        assertEquals(0.10720, o.get("critical_learning_rate").asDouble(), 5e-6);
        assertEquals(127.53, o.get("small_init_upper_line").asDouble(), 5e-3);
        assertEquals("mse", o.get("loss_convention").asString());
        double sBal = o.get("balanced_minimizer_sharpness").asDouble();
        Run s = run("sharpness", "--init", "aligned-minimizer", "--depth", "10", "--json");
        assertEquals(0, s.code, s.err);
        assertEquals(sBal, s.json().get("sharpness").asDouble(), 1e-8 * sBal);
        assertTrue(s.json().get("converged").asBoolean());
    }

    @Test
    void sharpenedAlignedMinimizersKeepTheLossAndGrowLikeCSquared() {
        double previous = Double.NaN;
        for (String c : new String[]{"100", "200", "400"}) {
            JsonNode o = run("sharpness", "--init", "aligned-minimizer", "--depth", "3", "--sharpen", c, "--json")
                    .json();
            assertEquals(0.368223, o.get("loss").asDouble(), 5e-7);
            double s = o.get("sharpness").asDouble();
            if (!Double.isNaN(previous)) {
                assertEquals(4, s / previous, 0.01);
            }
            previous = s;
        }
    }

    @Test
    void halfMseHalvesEverySharpness() {
        double mse = run("sharpness", "--init", "small:0.5", "--depth", "3", "--json").json().get("sharpness")
                .asDouble();
        double half = run("sharpness", "--init", "small:0.5", "--depth", "3", "--loss", "half-mse", "--json").json()
                .get("sharpness").asDouble();
        assertEquals(mse / 2, half, 1e-9 * mse);
    }

    @Test
    void underdeterminedDataReportsNullConditionNumber() {
        Run r = run("bounds", "--data", "builtin:mc_fig6", "--depth", "5", "--json");
        assertEquals(0, r.code, r.err);
        assertTrue(r.json().get("condition_number").isNull());
        assertEquals(0.0, r.json().get("lambda_min").asDouble());
        assertFalse(r.out.contains("NaN") || r.out.contains("Infinity"));
        assertTrue(r.json().get("notes").get(0).asString().contains("4Λ/λ"));
        Run train = run("train", "--data", "builtin:mc_fig6", "--depth", "3", "--init", "small:0.3", "--lr", "0.01",
                "--steps", "3000", "--out", Path.of(System.getProperty("java.io.tmpdir"), "dlnlab-fig6-"
                        + ProcessHandle.current().pid()).toString(), "--force", "--json");
        assertEquals(0, train.code, train.err);
        assertTrue(train.json().get("final_loss").asDouble() < 1e-6, train.out);
    }

    @Test
    void moreOutputsThanInputsTrain(@TempDir Path dir) {
        Run r = run("train", "--data", "builtin:linnerud", "--targets", "Situps,Weight,Waist,Pulse",
                "--standardize", "zscore", "--depth", "3", "--width", "6", "--init", "small:0.3", "--lr", "0.001",
                "--steps", "2000", "--out", dir.resolve("p").toString(), "--json");
        assertEquals(0, r.code, r.err);
        assertFalse(r.json().get("diverged").asBoolean());
        assertTrue(r.json().get("final_sharpness_converged").asBoolean());
        assertTrue(r.json().get("final_grad_norm").asDouble() < 1e-4, r.out);
    }

    @Test
    void everyFileOfTheBadCorpusExitsWithCodeTwoNamingTheFile() throws Exception {
        Path corpus = Path.of("..", "dlnlab-core", "src", "test", "resources", "dlnlab", "data", "bad");
        List<Path> files;
        try (var s = Files.list(corpus)) {
            files = s.sorted().toList();
        }
        assertTrue(files.size() >= 20, "corpus at " + corpus.toAbsolutePath());
        for (Path f : files) {
            Run r = run("bounds", "--data", f.toString(), "--depth", "2");
            assertEquals(2, r.code, f + ": " + r.err);
            assertTrue(r.err.contains(f.getFileName().toString()), r.err);
            assertEquals(1, r.err.strip().lines().count(), r.err);
        }
    }

    @Test
    void stopWhenEndsEveryOptimizerWithTheSameStopReason(@TempDir Path dir) {
        for (String[] optimizer : new String[][]{{"--optimizer", "gd", "--lr", "0.05", "--steps", "200000"},
                {"--optimizer", "momentum", "--lr", "0.02", "--momentum", "0.5", "--steps", "200000"},
                {"--optimizer", "flow", "--time", "100000"}}) {
            String[] args = concat(concat(new String[]{"train", "--depth", "3", "--init", "small:0.3",
                    "--stop-when", "sq_distance<1e-10", "--json", "--out", dir.resolve(optimizer[1]).toString()}),
                    optimizer);
            Run r = run(args);
            assertEquals(0, r.code, r.err);
            assertEquals("stop_rule", r.json().get("stop_reason").asString(), optimizer[1]);
            assertTrue(r.json().get("final_sq_distance").asDouble() < 1e-10, optimizer[1]);
        }
        Run bad = run("train", "--depth", "3", "--lr", "0.05", "--steps", "10", "--stop-when", "speed<1",
                "--out", dir.resolve("bad").toString());
        assertEquals(2, bad.code);
        assertTrue(bad.err.contains("--stop-when speed<1"), bad.err);
    }

    @Test
    void logEveryKeepsMultiplesSampledRowsAndTheLastOneAsWrittenEveryStep(@TempDir Path dir) throws Exception {
        String[] common = {"train", "--depth", "3", "--init", "small:0.3", "--lr", "0.05", "--steps", "50",
                "--track", "sharpness:10"};
        Path all = dir.resolve("all");
        Path some = dir.resolve("some");
        assertEquals(0, run(concat(common, "--out", all.toString())).code);
        Run r = run(concat(common, "--log-every", "7", "--out", some.toString()));
        assertEquals(0, r.code, r.err);
        List<String> every = Files.readAllLines(all.resolve("trajectory.csv"));
        List<String> kept = Files.readAllLines(some.resolve("trajectory.csv"));
        List<String> expected = new java.util.ArrayList<>(List.of(every.get(0)));
        for (int step = 0; step <= 50; step++) {
            if (step % 7 == 0 || step % 10 == 0 || step == 50) {
                expected.add(every.get(step + 1));
            }
        }
        assertEquals(expected, kept);
        Run bad = run(concat(common, "--log-every", "0", "--out", dir.resolve("bad").toString()));
        assertEquals(2, bad.code);
        assertTrue(bad.err.contains("--log-every"), bad.err);
    }

    private static String[] concat(String[] a, String... b) {
        String[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Test
    void trainWritesTrajectoryAndWeightsThatReloadToTheSameSharpness(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        Run r = run("train", "--depth", "4", "--init", "small:0.3", "--lr", "0.05", "--steps", "300",
                "--track", "sharpness:10", "--out", out.toString(), "--json");
        assertEquals(0, r.code, r.err);
        JsonNode o = r.json();
        assertFalse(o.get("diverged").asBoolean());
        List<String> lines = Files.readAllLines(out.resolve("trajectory.csv"));
        assertEquals("step,time,loss,sq_distance,grad_norm,sharpness,sharpness_residual", lines.get(0));
        assertEquals(302, lines.size());
        String[] last = lines.get(301).split(",");
        assertEquals("300", last[0]);
        assertEquals(o.get("final_sharpness").asDouble(), Double.parseDouble(last[5]), 0);
        Run s = run("sharpness", "--weights", out.resolve("final_weights.json").toString(), "--json");
        assertEquals(0, s.code, s.err);
        assertEquals(o.get("final_sharpness").asDouble(), s.json().get("sharpness").asDouble(),
                1e-9 * o.get("final_sharpness").asDouble());
        // Same inputs and seed: byte-identical files.
        Path again = dir.resolve("again");
        run("train", "--depth", "4", "--init", "small:0.3", "--lr", "0.05", "--steps", "300", "--track",
                "sharpness:10", "--out", again.toString(), "--json");
        assertEquals(Files.readString(out.resolve("trajectory.csv")), Files.readString(again.resolve("trajectory.csv")));
        assertEquals(Files.readString(out.resolve("final_weights.json")),
                Files.readString(again.resolve("final_weights.json")));
    }

    @Test
    void momentumTrainsTracksSharpnessAndReportsItsStabilityLimit(@TempDir Path dir) throws Exception {
        Run r = run("train", "--optimizer", "momentum", "--momentum", "0.9", "--lr", "0.002", "--steps", "3000",
                "--depth", "4", "--init", "small:0.3", "--track", "sharpness:100", "--out", dir.resolve("m").toString(),
                "--json");
        assertEquals(0, r.code, r.err);
        JsonNode o = r.json();
        assertEquals("momentum", o.get("optimizer").asString());
        assertEquals(0.9, o.get("momentum").asDouble());
        assertEquals(2 * 1.9 / 0.002, o.get("stability_limit").asDouble(), 1e-9);
        assertFalse(o.get("diverged").asBoolean());
        assertTrue(o.get("final_sq_distance").asDouble() < 1e-6, o.toString());
        List<String> lines = Files.readAllLines(dir.resolve("m").resolve("trajectory.csv"));
        assertEquals(3002, lines.size());
        assertEquals(31, lines.stream().skip(1).filter(l -> !l.split(",", -1)[5].isEmpty()).count());
    }

    @Test
    void gradientFlowReachesTheMinimizerAndReportsIntegrationStatistics(@TempDir Path dir) throws Exception {
        Run r = run("train", "--optimizer", "flow", "--depth", "4", "--init", "small:0.3", "--time", "30",
                "--sample-every", "0.5", "--out", dir.resolve("f").toString(), "--json");
        assertEquals(0, r.code, r.err);
        JsonNode o = r.json();
        assertEquals("completed", o.get("stop_reason").asString());
        assertEquals(30.0, o.get("final_time").asDouble(), 1e-12);
        assertTrue(o.get("accepted_steps").asInt() > 0 && o.get("evaluations").asInt() > o.get("accepted_steps")
                .asInt());
        assertTrue(o.get("final_sq_distance").asDouble() < 1e-10, o.toString());
        List<String> lines = Files.readAllLines(dir.resolve("f").resolve("trajectory.csv"));
        assertEquals(62, lines.size());
        assertEquals("30.0", lines.get(61).split(",")[1]);
    }

    @Test
    void checkFindsEveryClaimHoldingAtTheAlignedMinimizerAndUndeterminedAwayFromMinimizers(@TempDir Path dir) {
        Path out = dir.resolve("aligned");
        Run t = run("train", "--depth", "5", "--init", "aligned-minimizer", "--lr", "0.01", "--steps", "1",
                "--out", out.toString(), "--json");
        assertEquals(0, t.code, t.err);
        Run c = run("check", "--weights", out.resolve("final_weights.json").toString(), "--json");
        assertEquals(0, c.code, c.err);
        for (JsonNode claim : c.json().get("claims")) {
            assertEquals("holds", claim.get("verdict").asString(), claim.toString());
        }
        Path early = dir.resolve("early");
        Run e = run("train", "--depth", "5", "--init", "small:0.1", "--lr", "0.01", "--steps", "3", "--check-theory",
                "--out", early.toString(), "--json");
        assertEquals(0, e.code, e.err);
        JsonNode claims = e.json().get("theory_check");
        assertEquals(5, claims.size());
        for (JsonNode claim : claims) {
            if (claim.get("claim").asString().startsWith("sharpness")) {
                assertEquals("undetermined", claim.get("verdict").asString(), claim.toString());
            }
        }
    }

    @Test
    void structureTrackingWritesOneColumnPerLayerAndPair(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("s");
        Run r = run("train", "--depth", "3", "--init", "small:0.2", "--lr", "0.05", "--steps", "20", "--track",
                "structure:10", "--out", out.toString());
        assertEquals(0, r.code, r.err);
        List<String> lines = Files.readAllLines(out.resolve("trajectory.csv"));
        assertEquals("step,time,loss,sq_distance,grad_norm,rank_one_defect_1,rank_one_defect_2,rank_one_defect_3,"
                + "misalignment_1,misalignment_2,balancedness_1,balancedness_2,pl_ratio", lines.get(0));
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            assertEquals(13, cells.length, line);
            boolean sampled = Integer.parseInt(cells[0]) % 10 == 0;
            assertEquals(sampled, !cells[5].isEmpty(), line);
        }
    }

    @Test
    void plRatioOfTheLinearModelLiesBetweenFourLambdaAndFourBigLambda(@TempDir Path dir) throws Exception {
        // Depth 1, mse: ‖∇R‖² = 4 eᵀΣ²e and R − R_min = eᵀΣe with e = E − W*, so the ratio is in [4λ, 4Λ].
        JsonNode b = run("bounds", "--depth", "1", "--json").json();
        Path out = dir.resolve("pl");
        Run r = run("train", "--depth", "1", "--init", "small:1", "--lr", "0.05", "--steps", "30", "--track",
                "structure:1", "--out", out.toString());
        assertEquals(0, r.code, r.err);
        List<String> lines = Files.readAllLines(out.resolve("trajectory.csv"));
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            double ratio = Double.parseDouble(cells[cells.length - 1]);
            assertTrue(ratio >= 4 * b.get("lambda_min").asDouble() * (1 - 1e-9)
                    && ratio <= 4 * b.get("lambda_max").asDouble() * (1 + 1e-9), line);
        }
    }

    @Test
    void aDivergedRunIsASuccessWithNullsNotNaN(@TempDir Path dir) {
        Run r = run("train", "--depth", "10", "--init", "small:0.35", "--lr", "3", "--steps", "500", "--out",
                dir.resolve("d").toString(), "--json");
        assertEquals(0, r.code, r.err);
        JsonNode o = r.json();
        assertTrue(o.get("diverged").asBoolean());
        assertTrue(o.get("diverged_at_step").asInt() > 0);
        assertTrue(o.get("final_loss").isNull());
        assertFalse(r.out.contains("NaN") || r.out.contains("Infinity"));
        assertFalse(Files.exists(dir.resolve("d").resolve("final_weights.json")));
    }

    @Test
    void aNonEmptyForeignOutputFolderIsRefused(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "mine");
        Run r = run("train", "--depth", "2", "--lr", "0.01", "--steps", "5", "--out", dir.toString());
        assertEquals(2, r.code);
        assertTrue(r.err.contains("--out") && r.err.contains("--force"), r.err);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "train --depth 3 --lr 0 --steps 10 | --lr",
            "train --depth 3 --lr -0.1 --steps 10 | --lr",
            "train --depth 3 --lr 0.1 --steps 0 | --steps",
            "train --depth 0 --lr 0.1 --steps 5 | --depth",
            "train --depth 3 --width 0 --lr 0.1 --steps 5 | --width",
            "train --depth 3 --lr 0.1 --steps 5 --track sharpness:0 | --track",
            "train --depth 3 --lr 0.1 --steps 5 --track modes:x | --track",
            "check --weights /nonexistent/w.json | /nonexistent/w.json",
            "check | --weights",
            "train --depth 3 --lr 0.1 --steps 5 --optimizer adam | --optimizer",
            "train --depth 3 --optimizer flow | --time",
            "train --depth 3 --lr 0.1 --steps 5 --optimizer momentum --momentum 1 | --momentum",
            "train --depth 3 --lr 0.1 --steps 5 --optimizer momentum --momentum -0.5 | --momentum",
            "train --depth 3 --lr 0.1 --steps 5 --optimizer momentum | --momentum",
            "train --depth 3 --lr 0.1 --steps 5 --momentum 0.9 | --momentum",
            "train --depth 3 --optimizer flow --time 1 --rtol 0 | --rtol",
            "sharpness --depth 3 --tol 0 | --tol",
            "sharpness --depth 3 --sharpen -2 | --sharpen",
            "sharpness --depth 1 --sharpen 2 | --sharpen",
            "sharpness --depth 3 --init gaussian:1 | --init",
            "sharpness --depth 3 --init small:abc | --init",
            "sharpness --depth 3 --method arnoldi | --sharpness-method",
            "sharpness --depth 3 --data builtin:nope | builtin:nope",
            "sharpness --depth 3 --data /nonexistent/x.csv | /nonexistent/x.csv",
            "sharpness --depth 3 --target nope | nope",
            "sharpness --depth 3 --loss l1 | --loss",
            "sharpness --depth 3 --standardize minmax | --standardize",
            "sharpness --weights /nonexistent/w.json | /nonexistent/w.json",
            "bounds --depth 3 --data builtin:linnerud --targets Weight,Waist | single target",
            "bounds | --depth",
            "train --depth 3 --steps 5 | --lr",
    })
    void badInputExitsWithCodeTwoAndOneLineNamingTheOption(String args, String expected) {
        Run r = run(args.trim().split(" "));
        assertEquals(2, r.code, r.err);
        assertTrue(r.err.contains(expected.trim()), r.err);
        assertEquals(1, r.err.strip().lines().count(), r.err);
        assertTrue(r.out.isEmpty(), r.out);
    }

    /** The core words its inputs its own way; the user still reads the options they typed (OptionNames). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "sharpness --depth 3 --init small:abc | --init small:abc: expected a finite scale ≥ 0 after the colon,"
                    + " e.g. small:0.35",
            "sharpness --depth 3 --init gaussian:1 | --init: unknown initialization \"gaussian:1\"; expected small:S,"
                    + " residual:S, orthogonal, aligned-minimizer, spectral:DELTA or file:W.json",
            "sharpness --depth 3 --init orthogonal:2 | --init orthogonal:2: this initialization takes no argument",
            "sharpness --depth 3 --init file: | --init file:: expected file:PATH to a weights file (JSON, npz or"
                    + " safetensors)",
            "sharpness --depth 3 --weights-layout sideways | --weights-layout sideways: expected out-in or in-out",
            "train --depth 3 --lr 0.1 --steps 5 --weights-format npy | --weights-format npy: expected json, npz or"
                    + " safetensors",
            "sharpness --data builtin:linnerud --targets Weight,Waist --depth 2 --init aligned-minimizer"
                    + " | --init aligned-minimizer: needs a single target, the data has 2",
            "sharpness --depth 3 --loss l1 | --loss: unknown loss \"l1\"; expected mse or half-mse",
            "sharpness --depth 3 --standardize minmax | --standardize \"minmax\": expected none, center, zscore",
            "sharpness --depth 3 --sharpen -2 | --sharpen: expected a positive factor, got -2.0",
            "sharpness --depth 1 --sharpen 2 | --sharpen: needs at least two layers",
            "sharpness --depth 3 --method arnoldi | --sharpness-method: unknown method \"arnoldi\"; expected lanczos,"
                    + " power or dense",
            "sharpness --depth 3 --width 100 --method dense | --sharpness-method dense: the network has N = 10600"
                    + " parameters, the dense Hessian is limited to 6000; use lanczos",
            "bounds --depth 3 --data builtin:linnerud --targets Weight,Waist | bounds: the theory is for a single"
                    + " target, the data has 2 (choose one with --target)",
            "bounds --depth 0 | --depth: must be ≥ 1, got 0",
    })
    void coreErrorsNameTheOptionInTheirOneLine(String args, String expected) {
        Run r = run(args.trim().split(" "));
        assertEquals(2, r.code, r.err);
        assertEquals("dlnlab: " + expected + System.lineSeparator(), r.err);
        assertTrue(r.out.isEmpty(), r.out);
    }

    @Test
    void aNetworkTooLargeIsToldToShrinkItsWidthOrDepth() {
        Run r = run("train", "--depth", "3", "--width", "100000000", "--lr", "0.1", "--steps", "5");
        assertEquals(2, r.code, r.err);
        assertTrue(r.err.startsWith("dlnlab: --width/--depth: the network has N = "), r.err);
        assertTrue(r.err.strip().endsWith("; use a smaller --width or --depth"), r.err);
        assertEquals(1, r.err.strip().lines().count(), r.err);
    }

    @Test
    void badColumnsAreToldWhichStandardizationToUse(@TempDir Path dir) throws Exception {
        Path constant = dir.resolve("constant.csv");
        Files.writeString(constant, "a,b,y\n1,5,1\n2,5,3\n3,5,2\n");
        Run r = run("bounds", "--data", constant.toString(), "--depth", "2", "--standardize", "zscore");
        assertEquals(2, r.code, r.err);
        assertEquals("dlnlab: " + constant + ", column \"b\": every value is the same, so it cannot be divided by its"
                + " standard deviation (--standardize zscore); drop the column or use --standardize center"
                + System.lineSeparator(), r.err);
        Path huge = dir.resolve("huge.csv");
        Files.writeString(huge, "a,b,y\n1,1e200,1\n2,3e200,3\n3,2e200,2\n");
        r = run("bounds", "--data", huge.toString(), "--depth", "2");
        assertEquals(2, r.code, r.err);
        assertTrue(r.err.startsWith("dlnlab: " + huge + ", column \"b\": values of magnitude "), r.err);
        assertTrue(r.err.strip().endsWith("(XᵀX would overflow); rescale the column or use --standardize zscore"),
                r.err);
        assertEquals(1, r.err.strip().lines().count(), r.err);
    }

    @Test
    void badWeightsFilesAreRejectedWithTheirPlace(@TempDir Path dir) throws Exception {
        Path ragged = dir.resolve("ragged.json");
        Files.writeString(ragged, "{\"layers\": [[[1, 2, 3, 4, 5], [1, 2]], [[1, 1]]]}");
        Run r = run("sharpness", "--weights", ragged.toString());
        assertEquals(2, r.code);
        assertTrue(r.err.contains("ragged.json") && r.err.contains("layers[0] row 1"), r.err);
        Path chain = dir.resolve("chain.json");
        Files.writeString(chain, "{\"layers\": [[[1, 2, 3, 4, 5]], [[1, 1]]]}");
        r = run("sharpness", "--weights", chain.toString());
        assertEquals(2, r.code);
        assertTrue(r.err.contains("layers[1]") && r.err.contains("chain"), r.err);
        Path malformed = dir.resolve("bad.json");
        Files.writeString(malformed, "{\"layers\": [[[1, 2,,]]]}");
        r = run("sharpness", "--weights", malformed.toString());
        assertEquals(2, r.code);
        assertTrue(r.err.contains("bad.json") && r.err.contains("line 1"), r.err);
        Path depth = dir.resolve("depth.json");
        Files.writeString(depth, "{\"layers\": [[[1, 2, 3, 4, 5]]]}");
        r = run("sharpness", "--weights", depth.toString(), "--depth", "3", "--data", "builtin:mc_fig1");
        assertEquals(2, r.code);
        assertTrue(r.err.contains("--depth"), r.err);
    }
}
