package org.dlnlab.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bench engine at its smallest settings (a few seconds): its JSON, its table and its bad-input contract. */
class BenchMainTest {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = BenchMain.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void aTinyGridPrintsTheTableAndWritesTheJson(@TempDir Path dir) {
        Path file = dir.resolve("bench.json");
        Run r = run("--quick", "--widths", "5", "--depths", "2", "--no-paper", "--time-ms", "8", "--json-file",
                file.toString());
        assertEquals(0, r.code(), r.err());
        for (String line : r.err().split("\n")) {
            assertTrue(line.startsWith("bench: "), line);
        }
        assertTrue(r.out().startsWith("dlnlab bench — "), r.out());
        assertTrue(r.out().contains("\nCeilings (measured, one thread)\n"), r.out());
        assertTrue(r.out().contains("\n    5   2           30 | "), r.out());
        assertFalse(r.out().contains("Paper's workload"), r.out());
        assertTrue(r.out().contains("\nTargets (issue 5)\n"), r.out());

        JsonNode o = MAPPER.readTree(file.toFile());
        assertEquals(List.of("machine", "ceilings", "grid", "sharpness_checks", "targets", "wall_s"), keys(o));
        assertEquals(List.of("cpu", "cores", "memory_bytes", "max_heap_bytes", "java", "kernels", "kernels_vector_bits",
                "os_l2_bytes",
                "os_l3_bytes", "jvm_uptime_at_start_s", "load_average_before", "load_average_after"),
                keys(o.get("machine")));
        JsonNode c = o.get("ceilings");
        assertTrue(c.get("dgemv_gflops_single_thread").has("5") || c.has("openblas_error"), c.toString());
        assertEquals(5, c.get("copy_bandwidth_by_array_bytes").size());
        assertTrue(c.get("copy_bandwidth_bytes_per_s").asDouble() > 0);
        assertEquals(1, o.get("grid").size());
        JsonNode row = o.get("grid").get(0);
        assertEquals(5, row.get("d").asInt());
        assertEquals(2, row.get("depth").asInt());
        assertEquals(30, row.get("parameters").asLong());
        assertTrue(row.get("gd_step_s").asDouble() > 0 && row.get("hvp_s").asDouble() > 0, row.toString());
        // Timed in one fresh JVM (--quick), and on the plain kernels too when this JVM runs the vector ones.
        assertEquals(1, row.get("fresh_jvms_per_timing").asInt(), row.toString());
        boolean vector = o.get("machine").get("kernels").asString().equals("vector");
        assertEquals(vector, row.has("gd_vector_to_plain") && row.get("hvp_vector_to_plain").asDouble() > 0,
                row.toString());
        assertTrue(row.get("checked_sharpness_converged").asBoolean(), row.toString());
        assertTrue(row.has("gd_bound") && row.has("hvp_ratio") && row.has("range_product_s"), row.toString());
        assertEquals(0, o.get("sharpness_checks").size());
        assertEquals("0 B allocated per GD step and per HVP after warm-up",
                o.get("targets").get(o.get("targets").size() - 1).get("target").asString());
    }

    @Test
    void badInputIsOneLineAndExitCode2() {
        Run widths = run("--widths", "5,0", "--json");
        assertEquals(2, widths.code());
        assertEquals("dlnlab: --widths: widths must be ≥ 1, got 0\n", widths.err());
        assertEquals("", widths.out());
        Run depths = run("--depths", "1");
        assertEquals(2, depths.code());
        assertEquals("dlnlab: --depths: depths must be ≥ 2, got 1\n", depths.err());
        Run unknown = run("--bogus");
        assertEquals(2, unknown.code());
        assertEquals("dlnlab: Unknown option: '--bogus'\n", unknown.err());
    }

    @Test
    void helpListsTheOptionsUnderTheCommandsName() {
        Run r = run("--help");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("Usage: dlnlab bench [-hV] [--json] [--no-grid] [--no-paper]"), r.out());
        for (String option : new String[] {"--json-file=FILE", "--quick", "--widths=d,..", "--depths=L,..",
                "--time-ms=MS", "--sharpness-max-parameters=N", "--scale", "--scale-parameters=N", "--verbose"}) {
            assertTrue(r.out().contains(option), option);
        }
    }

    @Test
    void timesReadInTheirUnit() {
        assertEquals("344 ns", TableReport.time(3.44e-7));
        assertEquals("8.98 µs", TableReport.time(8.98e-6));
        assertEquals("1.10 ms", TableReport.time(1.1e-3));
        assertEquals("2.50 s", TableReport.time(2.5));
        assertEquals("-", TableReport.time(Double.NaN));
    }

    private static List<String> keys(JsonNode o) {
        List<String> k = new ArrayList<>();
        o.propertyNames().forEach(k::add);
        return k;
    }
}
