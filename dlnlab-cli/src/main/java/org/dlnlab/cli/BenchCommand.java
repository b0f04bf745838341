package org.dlnlab.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code dlnlab bench}: runs the bench engine, {@code org.dlnlab.bench.BenchMain} in
 * {@code dlnlab-bench/target/benchmarks.jar}, in a child JVM with this JVM's options (heap, Vector API module) and
 * the arguments as given; its options, help, output and exit code are the command's. The jar is built with Maven
 * on first use, or when a source of it is newer, as the {@code ./dlnlab} launcher builds the CLI's jar; the
 * repository is the one this jar (or class folder) was built in. OpenBLAS and JMH stay out of the CLI's jar.
 */
@Command(name = "bench",
        description = {"Measure the machine's ceilings (OpenBLAS dgemv, copy bandwidth) and time GD steps, HVPs and"
                + " checked sharpness against them; the paper's workload; optionally a 10^8-parameter net.",
                "Progress goes to stderr; --json prints one JSON object on stdout."})
final class BenchCommand implements Callable<Integer> {
    static final String ENGINE = "org.dlnlab.bench.BenchMain";
    static final String JAR = "dlnlab-bench/target/benchmarks.jar";
    /** What the JVM prints first on stderr with the Vector API module; the launcher drops it from this JVM too. */
    static final String INCUBATOR_WARNING = "WARNING: Using incubator modules";

    /** Every argument after {@code bench}, options and help included: the engine parses them. */
    @Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws IOException, InterruptedException {
        Path root = repositoryRoot();
        if (root == null) {
            System.err.println("dlnlab: bench runs " + JAR + " of a dlnlab checkout, but this program was not run"
                    + " from one (expected at <checkout>/dlnlab-cli/target/dlnlab.jar)");
            return Main.EXIT_INTERNAL;
        }
        Path jar = root.resolve(JAR);
        if (!Files.isRegularFile(jar) || newerSource(root, Files.getLastModifiedTime(jar))) {
            System.err.println("dlnlab: building the bench jar (first use or changed sources; needs Maven and"
                    + " Java 17)...");
            int code = build(root);
            if (code != 0 || !Files.isRegularFile(jar)) {
                System.err.println("dlnlab: building " + JAR + " failed" + (code > 0 ? " (mvn exit code " + code
                        + ")" : ""));
                return Main.EXIT_INTERNAL;
            }
        }
        List<String> command = command(jar.toString(), ENGINE, args);
        // The bench times the train command as a whole process, so it needs this CLI's class path.
        command.add(1, "-Ddlnlab.cli.classpath=" + System.getProperty("java.class.path"));
        return run(command, System.err);
    }

    /** The java command that runs mainClass from classPath with this JVM's options and the given arguments. */
    static List<String> command(String classPath, String mainClass, List<String> arguments) {
        List<String> c = new ArrayList<>();
        c.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            // A debugger's agent would ask for the same port twice.
            if (!option.startsWith("-agentlib:jdwp") && !option.startsWith("-Xrunjdwp")) {
                c.add(option);
            }
        }
        c.add("-cp");
        c.add(classPath);
        c.add(mainClass);
        c.addAll(arguments);
        return c;
    }

    /**
     * Runs the command with stdin and stdout inherited and stderr copied to err as it comes (progress lines), less
     * a first line that is the JVM's incubator warning; returns its exit code. The child ends with this JVM.
     */
    static int run(List<String> command, OutputStream err) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.INHERIT)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
        Thread stop = new Thread(p::destroy);
        Runtime.getRuntime().addShutdownHook(stop);
        try (InputStream in = p.getErrorStream()) {
            copyStderr(in, err);
            return p.waitFor();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stop);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs
            }
        }
    }

    /** Copies in to out, flushing every chunk, without a first line that starts with the incubator warning. */
    static void copyStderr(InputStream in, OutputStream out) throws IOException {
        byte[] warning = INCUBATOR_WARNING.getBytes(StandardCharsets.US_ASCII);
        byte[] first = new byte[warning.length];
        int n = in.readNBytes(first, 0, first.length);
        if (n == first.length && Arrays.equals(first, warning)) {
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                // the rest of the warning's line
            }
        } else {
            out.write(first, 0, n);
            out.flush();
        }
        byte[] buffer = new byte[8192];
        for (int r; (r = in.read(buffer)) >= 0; ) {
            out.write(buffer, 0, r);
            out.flush();
        }
    }

    /** The checkout this class was loaded from (…/dlnlab-cli/target/dlnlab.jar or …/classes), or null. */
    static Path repositoryRoot() {
        try {
            Path here = Path.of(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path root = here.toAbsolutePath().getParent().getParent().getParent();
            return root != null && Files.isRegularFile(root.resolve("dlnlab-bench/pom.xml")) ? root : null;
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /** Whether a source of the bench jar (Java, CSV or pom.xml of the root, core or bench) is newer than it. */
    static boolean newerSource(Path root, FileTime jarTime) throws IOException {
        if (Files.getLastModifiedTime(root.resolve("pom.xml")).compareTo(jarTime) > 0) {
            return true;
        }
        boolean[] newer = {false};
        for (String module : new String[] {"dlnlab-core", "dlnlab-bench"}) {
            Files.walkFileTree(root.resolve(module), new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes a) {
                    return dir.getFileName().toString().equals("target") ? FileVisitResult.SKIP_SUBTREE
                            : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes a) {
                    String name = file.getFileName().toString();
                    if ((name.endsWith(".java") || name.endsWith(".csv") || name.equals("pom.xml"))
                            && a.lastModifiedTime().compareTo(jarTime) > 0) {
                        newer[0] = true;
                        return FileVisitResult.TERMINATE;
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        return newer[0];
    }

    /**
     * mvn -B -q -DskipTests -pl dlnlab-bench -am package in root, its output on stderr as plain text, as the
     * launcher builds (see there why it takes style.color and jansi.noreset); returns its exit code.
     */
    private static int build(Path root) throws InterruptedException {
        Process p;
        try {
            ProcessBuilder builder = new ProcessBuilder("mvn", "-B", "-q", "-Dstyle.color=never", "-DskipTests", "-pl",
                    "dlnlab-bench", "-am", "package").directory(root.toFile()).redirectErrorStream(true);
            builder.environment().merge("MAVEN_OPTS", "-Djansi.noreset=true", (old, add) -> old + " " + add);
            p = builder.start();
        } catch (IOException e) {
            System.err.println("dlnlab: cannot run Maven (" + e.getMessage() + ")");
            return -1;
        }
        try (InputStream in = p.getInputStream()) {
            in.transferTo(System.err);
        } catch (IOException e) {
            // the exit code tells
        }
        return p.waitFor();
    }
}
