package org.dlnlab.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The start of a command line for a child JVM with this JVM's options (heap, Vector API module, vector width). */
final class ChildJvm {
    private ChildJvm() {
    }

    /**
     * The java executable, this JVM's options but the CLI's class path, a debugger agent and the kernels' forced
     * choice (so that the caller can set it), then jvmOptions.
     */
    static List<String> command(List<String> jvmOptions) {
        List<String> c = new ArrayList<>();
        c.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        c.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(o -> !o.startsWith("-D" + CommandCost.CLASSPATH_PROPERTY) && !o.startsWith("-agentlib:jdwp")
                        && !o.startsWith("-Ddlnlab.kernels")).toList());
        c.addAll(jvmOptions);
        return c;
    }

    /**
     * Runs main (a class of this class path) in a child JVM with jvmOptions and args, and returns the numbers of the
     * line it prints as {@code mark n_1 … n_count}; throws with the child's output, saying what it was, when it
     * exits other than 0 or prints no such line.
     */
    static double[] numbers(Class<?> main, List<String> jvmOptions, List<String> args, String mark, int count,
                            String what) {
        List<String> c = new ArrayList<>(command(jvmOptions));
        c.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        c.addAll(args);
        try {
            Process p = new ProcessBuilder(c).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int code = p.waitFor();
            for (String line : output.split("\n")) {
                String[] f = line.trim().split(" ");
                if (code == 0 && f[0].equals(mark) && f.length == count + 1) {
                    double[] x = new double[count];
                    for (int i = 0; i < count; i++) {
                        x[i] = Double.parseDouble(f[i + 1]);
                    }
                    return x;
                }
            }
            throw new IllegalStateException(what + " in a child JVM exited with " + code + ": " + output.strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
