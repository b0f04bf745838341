package org.dlnlab.cli;

import org.dlnlab.experiments.store.SweepDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SweepTest {
    /** 2 depths × 5 rates × 4 scales × 5 reps = 200 runs of 10 steps on a width-3 net. */
    private static final String TWO_HUNDRED = """
            seed: 3
            reps: 5
            base:
              width: 3
              steps: 10
            axes:
              depth: [2, 3]
              lr: {logspace: [-2, 0.5, 5]}
              init: [small:0.1, small:0.2, small:0.35, small:0.5]
            """;

    @TempDir
    Path dir;

    private Path spec(String name, String yaml) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, yaml);
        return p;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "sed: 1|bad.yaml:1: sed: unknown key; expected one of seed, reps, base, axes, zip",
            "base: {depth: 2, step: 5, lr: 0.1}|bad.yaml:1: step: not an option of train; did you mean steps? (dlnlab train --help lists them)",
            "base: {depth: 2, steps: 5}\\naxes:\\n  lr: []|bad.yaml:3: lr: empty axis; give at least one value",
            "base: {depth: 2, steps: 5}\\naxes:\\n  lr: {linspace: [0.1, 0.2, 0]}|bad.yaml:3: lr: linspace: the count"
                    + " must be an integer ≥ 1, got 0",
            "base: {depth: 2, steps: 5}\\naxes:\\n  lr: {linspace: [0.1, x, 3]}|bad.yaml:3: lr: linspace stop:"
                    + " expected a finite number, got \"x\"",
            "base: {lr: 0.1, steps: 5}\\naxes:\\n  depth: [2, two]|bad.yaml:3: depth: Invalid value for option"
                    + " '--depth': 'two' is not an integer",
            "base: {depth: 2, steps: 5}\\naxes:\\n  lr: [0.1,\\n       -0.2]|bad.yaml:4: lr: must be a positive"
                    + " number, got -0.2",
            "reps: 0|bad.yaml:1: reps: expected an integer ≥ 1, got \"0\"",
            "base: {depth: 2, steps: 5, lr: 0.1, out: x}|bad.yaml:1: out: set by the sweep itself for every run;"
                    + " not an option of a spec",
            "base: {depth: 2, lr: 0.1}\\nzip:\\n  - {steps: [5, 6], width: [2]}|bad.yaml:3: width: 1 values, but"
                    + " steps in the same zip group has 2; the options of a group move together and need lists of"
                    + " one length",
    })
    void anInvalidSpecIsExit2NamingTheLineAndKeyBeforeAnyRun(String yaml, String message) throws Exception {
        Path bad = spec("bad.yaml", yaml.replace("\\n", "\n"));
        Path out = dir.resolve("out");
        CliTest.Run r = CliTest.run("sweep", bad.toString(), "--out", out.toString());
        assertEquals(2, r.code(), r.err());
        assertEquals("dlnlab: " + bad.toString().replace("bad.yaml", "") + message, r.err().strip());
        assertFalse(Files.exists(out), "nothing written before the runs are checked");
    }

    @Test
    void everyRunIsStoredReadBackAndRedoneByItsTrainCommand() throws Exception {
        Path s = spec("s.yaml", """
                seed: 1
                base: {depth: 2, width: 3, track: sharpness:5}
                axes:
                  test-data: [builtin:mc_fig1_test, missing.csv]
                zip:
                  - {lr: [0.05, 0.1], steps: [10, 20], reps: [2, 1]}
                """);
        Path out = dir.resolve("out");
        CliTest.Run r = CliTest.run("sweep", s.toString(), "--out", out.toString(), "--export", "parquet",
                "--threads", "2");
        assertEquals(1, r.code(), "the runs with a missing test set fail: " + r.err());
        assertTrue(r.err().contains("3 runs failed"), r.err());
        assertTrue(r.out().contains("runs/s") && r.out().contains("cores busy"), r.out());
        List<Map<String, Object>> runs = rows(out.resolve(SweepDatabase.FILE), "SELECT * FROM runs ORDER BY run_key");
        assertEquals(6, runs.size());
        List<Map<String, Object>> parquet = rows(null, "SELECT * FROM read_parquet('"
                + out.resolve("runs.parquet") + "') ORDER BY run_key");
        assertEquals(runs, parquet, "the Parquet export holds the same runs");
        List<String> csv = Files.readAllLines(out.resolve("runs.csv"));
        assertEquals(7, csv.size());
        for (Map<String, Object> run : runs) {
            String key = (String) run.get("run_key");
            assertTrue(csv.stream().anyMatch(l -> l.startsWith(key + ",")), key);
            if (key.contains("missing.csv")) {
                assertEquals("failed", run.get("status"));
                assertTrue(((String) run.get("reason")).contains("missing.csv"), (String) run.get("reason"));
                continue;
            }
            assertEquals("done", run.get("status"));
            // The key: every option away from train's default, sorted, then the repetition.
            assertTrue(key.matches("depth=2/lr=0\\.(05|1)/steps=(10|20)/test-data=builtin:mc_fig1_test/"
                    + "track=sharpness:5/width=3/rep=00[01]"), key);
            String command = (String) run.get("command");
            List<String> args = new ArrayList<>(List.of(command.substring("dlnlab ".length()).split(" ")));
            args.addAll(List.of("--out", dir.resolve("redo").toString(), "--force", "--json"));
            CliTest.Run redo = CliTest.run(args.toArray(String[]::new));
            assertEquals(0, redo.code(), redo.err());
            for (String m : List.of("final_loss", "final_sharpness", "test_risk")) {
                assertEquals(run.get(m), redo.json().get(m).asDouble(), command + " redoes " + m + " bit for bit");
            }
        }
        long trajectories = (Long) rows(out.resolve(SweepDatabase.FILE), "SELECT count(*) AS n FROM trajectories"
                + " WHERE sharpness IS NOT NULL").get(0).get("n");
        // Samples at steps 0, 5, 10 (and 15, 20 for the 20-step run), done runs only.
        assertEquals(3 + 3 + 5, trajectories);
        assertEquals(11L, rows(null, "SELECT count(*) AS n FROM read_parquet('" + out.resolve("trajectories.parquet")
                + "') WHERE sharpness IS NOT NULL").get(0).get("n"));
    }

    @Test
    void aRunKeyChangesTheRandomStreamsAndNothingElse() {
        CliTest.Run plain = CliTest.run("train", "--depth", "2", "--lr", "0.05", "--steps", "5", "--out",
                dir.resolve("a").toString(), "--json");
        CliTest.Run keyed = CliTest.run("train", "--depth", "2", "--lr", "0.05", "--steps", "5", "--run-key", "k/rep=000",
                "--out", dir.resolve("b").toString(), "--json");
        assertEquals(0, plain.code(), plain.err());
        assertFalse(plain.json().get("settings").has("--run-key"), "a run without a key records none");
        assertEquals("k/rep=000", keyed.json().get("settings").get("--run-key").asString());
        assertNotEquals(plain.json().get("final_loss").asDouble(), keyed.json().get("final_loss").asDouble());
    }

    @Test
    void oneAndTwoThreadsGiveTheSameRunsTable() throws Exception {
        Path s = spec("grid.yaml", TWO_HUNDRED);
        Map<Integer, List<Map<String, Object>>> tables = new HashMap<>();
        for (int threads : new int[]{1, 2}) {
            Path out = dir.resolve("t" + threads);
            CliTest.Run r = CliTest.run("sweep", s.toString(), "--out", out.toString(), "--threads",
                    Integer.toString(threads));
            assertEquals(0, r.code(), r.err());
            tables.put(threads, rows(out.resolve(SweepDatabase.FILE),
                    "SELECT * EXCLUDE (wall_s) FROM runs ORDER BY run_key"));
        }
        assertEquals(200, tables.get(1).size());
        assertEquals(200, tables.get(1).stream().map(m -> m.get("run_key")).distinct().count());
        assertTrue(tables.get(1).stream().anyMatch(m -> Boolean.TRUE.equals(m.get("diverged"))), "some diverge");
        assertEquals(tables.get(1), tables.get(2));
    }

    @Test
    void anInterruptedSweepRerunCompletesEveryRunExactlyOnce() throws Exception {
        Path s = spec("grid.yaml", TWO_HUNDRED);
        Path out = dir.resolve("out");
        Path csv = out.resolve("runs.csv");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "sweep", s.toString(), "--out",
                out.toString(), "--threads", "2").redirectErrorStream(true)
                .redirectOutput(dir.resolve("log.txt").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        // Interrupt (SIGTERM takes Ctrl-C's shutdown path) once 20 runs are in runs.csv.
        while (!(Files.exists(csv) && Files.readAllLines(csv).size() > 20) && System.nanoTime() < deadline) {
            assertTrue(p.isAlive(), "the sweep ended early: " + Files.readString(dir.resolve("log.txt")));
            Thread.sleep(20);
        }
        p.destroy();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the sweep did not stop");
        String log = Files.readString(dir.resolve("log.txt"));
        assertTrue(log.contains("sweep interrupted after"), log);
        int kept = Files.readAllLines(csv).size() - 1;
        List<String> failedBefore = Files.readAllLines(csv).stream().filter(l -> l.contains(",failed,")).toList();
        assertTrue(kept >= 20 && kept < 200, "kept " + kept + " runs");
        CliTest.Run rest = CliTest.run("sweep", s.toString(), "--out", out.toString());
        assertEquals(0, rest.code(), rest.err());
        assertTrue(rest.out().contains((200 - kept) + " done now, " + kept + " done before"), kept + " kept\n"
                + log + "\n" + rest.out() + "\nfailed before the rerun: " + failedBefore);
        List<Map<String, Object>> runs = rows(out.resolve(SweepDatabase.FILE), "SELECT run_key, count(*) AS n FROM"
                + " runs GROUP BY run_key");
        assertEquals(200, runs.size());
        assertTrue(runs.stream().allMatch(m -> (Long) m.get("n") == 1));
        assertEquals(201, Files.readAllLines(csv).size());
        Path fresh = dir.resolve("fresh");
        assertEquals(0, CliTest.run("sweep", s.toString(), "--out", fresh.toString()).code());
        assertEquals(rows(out.resolve(SweepDatabase.FILE), "SELECT * EXCLUDE (wall_s) FROM runs ORDER BY run_key"),
                rows(fresh.resolve(SweepDatabase.FILE), "SELECT * EXCLUDE (wall_s) FROM runs ORDER BY run_key"),
                "an interrupted and resumed sweep has the numbers of an uninterrupted one");
    }

    @Test
    void anEditedSpecIsRefusedNamingTheChangeUnlessForced() throws Exception {
        Path s = spec("s.yaml", "base: {depth: 2, width: 3, steps: 5}\naxes:\n  lr: [0.1, 0.2]\n");
        Path out = dir.resolve("out");
        assertEquals(0, CliTest.run("sweep", s.toString(), "--out", out.toString()).code());
        CliTest.Run again = CliTest.run("sweep", s.toString(), "--out", out.toString());
        assertTrue(again.out().contains("0 done now, 2 done before"), again.out());
        spec("s.yaml", "base: {depth: 2, width: 3, steps: 5}\naxes:\n  lr: [0.1, 0.3]\n");
        CliTest.Run edited = CliTest.run("sweep", s.toString(), "--out", out.toString());
        assertEquals(2, edited.code());
        assertTrue(edited.err().contains("axes.lr: [0.1, 0.2] → [0.1, 0.3]"), edited.err());
        CliTest.Run forced = CliTest.run("sweep", s.toString(), "--out", out.toString(), "--force");
        assertEquals(0, forced.code(), forced.err());
        assertEquals(List.of("depth=2/lr=0.1/steps=5/width=3/rep=000", "depth=2/lr=0.3/steps=5/width=3/rep=000"),
                rows(out.resolve(SweepDatabase.FILE), "SELECT run_key FROM runs ORDER BY run_key").stream()
                        .map(m -> m.get("run_key")).toList());
    }

    /** Rows of a query on a fresh connection (to the file, or in memory for reading Parquet), columns by name. */
    private static List<Map<String, Object>> rows(Path db, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + (db == null ? "" : db.toAbsolutePath()));
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            List<Map<String, Object>> out = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                Map<String, Object> row = new java.util.LinkedHashMap<>();
                for (int i = 1; i <= n; i++) {
                    row.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
                }
                out.add(row);
            }
            return out;
        }
    }
}
