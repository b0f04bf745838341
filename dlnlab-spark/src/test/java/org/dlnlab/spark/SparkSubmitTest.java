package org.dlnlab.spark;

import org.dlnlab.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shaded jar, submitted through Spark's own entry point with {@code --master local[2]}, runs a 200-run sweep as
 * Spark tasks, and its runs table is the local engine's.
 */
class SparkSubmitTest {
    private static final String GRID = """
            seed: 3
            reps: 5
            base: {width: 3, steps: 10}
            axes:
              depth: [2, 3]
              lr: {logspace: [-2, 0.5, 5]}
              init: [small:0.1, small:0.2, small:0.35, small:0.5]
            """;

    @Test
    void theShadedJarRunsTheSweepAsSparkTasksWithTheLocalEnginesRuns(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("grid.yaml");
        Files.writeString(spec, GRID);
        Path local = dir.resolve("local");
        StringWriter err = new StringWriter();
        assertEquals(0, Main.run(new String[]{"sweep", spec.toString(), "--out", local.toString(), "--threads", "2"},
                new PrintWriter(new StringWriter()), new PrintWriter(err)), err.toString());

        Path jar = Path.of("target", "dlnlab-spark.jar").toAbsolutePath();
        String sparkClasspath = Files.readString(Path.of("target", "spark.classpath")).strip() + java.io.File.pathSeparator
                + Files.readString(Path.of("target", "spark-annotations.classpath")).strip();
        Path spark = dir.resolve("spark");
        Path log = dir.resolve("spark.log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        for (String p : List.of("java.lang", "java.nio", "java.util", "sun.nio.ch")) {
            command.add("--add-opens=java.base/" + p + "=ALL-UNNAMED");
        }
        command.addAll(List.of("-cp", sparkClasspath, "org.apache.spark.deploy.SparkSubmit", "--master", "local[2]",
                "--conf", "spark.driver.bindAddress=127.0.0.1", "--conf", "spark.driver.host=127.0.0.1",
                "--conf", "spark.ui.enabled=false", "--class", "org.dlnlab.cli.Main", jar.toString(),
                "sweep", spec.toString(), "--engine", "spark", "--out", spark.toString()));
        ProcessBuilder submit = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        submit.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process p = submit.start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "spark-submit did not finish");
        String out = Files.readString(log);
        assertEquals(0, p.exitValue(), out);
        Matcher m = Pattern.compile("engine: spark \\(master local\\[2], 2 slots\\): (\\d+) tasks").matcher(out);
        assertTrue(m.find(), out);
        assertTrue(Integer.parseInt(m.group(1)) >= 2, "the runs ran as " + m.group(1) + " Spark tasks");

        String sql = "SELECT * EXCLUDE (wall_s) FROM runs ORDER BY run_key";
        List<Map<String, Object>> expected = rows(local.resolve("results.duckdb"), sql);
        assertEquals(200, expected.size());
        assertEquals(expected, rows(spark.resolve("results.duckdb"), sql));
    }

    private static List<Map<String, Object>> rows(Path db, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db.toAbsolutePath());
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            List<Map<String, Object>> out = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
                }
                out.add(row);
            }
            return out;
        }
    }
}
