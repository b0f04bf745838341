package org.dlnlab.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code dlnlab bench} hands its arguments to the engine in a child JVM and returns its exit code. The engine
 * itself is tested in dlnlab-bench; here a stand-in plays it, so that no test builds the bench jar.
 */
class BenchCommandTest {
    /** Stands in for the engine: prints its arguments on stderr and exits with the first as its code. */
    static final class FakeEngine {
        public static void main(String[] args) {
            System.err.println("args: " + String.join(" ", args));
            System.exit(Integer.parseInt(args[0]));
        }
    }

    private static String runFake(String... args) throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = BenchCommand.run(BenchCommand.command(System.getProperty("java.class.path"),
                FakeEngine.class.getName(), List.of(args)), err);
        return code + "|" + err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everyArgumentAfterBenchIsForwardedAsGiven() {
        CommandLine cl = new CommandLine(new Main());
        List<String> args = List.of("--quick", "--widths", "5,20", "--help", "-V", "--json-file", "x.json",
                "--no-such-option", "--verbose");
        CommandLine.ParseResult parsed = cl.parseArgs(java.util.stream.Stream.concat(java.util.stream.Stream.of(
                "bench"), args.stream()).toArray(String[]::new));
        BenchCommand bench = (BenchCommand) parsed.subcommand().commandSpec().userObject();
        assertEquals(args, bench.args);
    }

    /** The child has this JVM's options: with the Vector API module, its warning comes first and is dropped. */
    @Test
    void theChildsExitCodeAndStderrComeBack() throws Exception {
        assertEquals("3|args: 3 --json --widths 5,20\n", runFake("3", "--json", "--widths", "5,20"));
        assertEquals("0|args: 0\n", runFake("0"));
    }

    @Test
    void onlyAFirstLineWithTheIncubatorWarningIsDropped() throws Exception {
        assertEquals("bench: x\nWARNING: Using incubator modules: y\n",
                copied("WARNING: Using incubator modules: jdk.incubator.vector\nbench: x\n"
                        + "WARNING: Using incubator modules: y\n"));
        assertEquals("bench: x\n", copied("bench: x\n"));
        assertEquals("", copied(""));
    }

    private static String copied(String stderr) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BenchCommand.copyStderr(new java.io.ByteArrayInputStream(stderr.getBytes(StandardCharsets.UTF_8)), out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theChildGetsThisJvmsOptions() {
        List<String> c = BenchCommand.command("x.jar", BenchCommand.ENGINE, List.of("--quick"));
        assertTrue(c.get(0).endsWith("java"), c.toString());
        assertTrue(c.containsAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()));
        assertEquals(List.of("-cp", "x.jar", "org.dlnlab.bench.BenchMain", "--quick"), c.subList(c.size() - 4,
                c.size()));
    }

    @Test
    void theBenchJarIsFoundFromTheClassesOfThisCheckout() {
        Path root = BenchCommand.repositoryRoot();
        assertNotNull(root);
        assertTrue(Files.isRegularFile(root.resolve("dlnlab-bench/pom.xml")), root.toString());
    }

    @Test
    void theProgramsHelpStillListsBench() {
        StringWriter out = new StringWriter();
        assertEquals(0, Main.run(new String[] {"--help"}, new PrintWriter(out), new PrintWriter(new StringWriter())));
        assertTrue(out.toString().contains("\n  bench      Measure the machine's ceilings"), out.toString());
    }
}
