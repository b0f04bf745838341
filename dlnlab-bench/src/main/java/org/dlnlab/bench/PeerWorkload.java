package org.dlnlab.bench;

import org.dlnlab.Json;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The authors' code on the paper's workload, measured in the same bench run ({@code --peer DIR}): our driver
 * {@code authors_workload.py} (a resource of this jar) calls the functions of their checkout in DIR with the settings
 * of {@link PaperWorkload}, and prints the marginal cost per step. Without {@code --peer} the bench quotes the
 * figures measured once ({@link PaperWorkload#AUTHORS_MACHINES}).
 */
final class PeerWorkload {
    private static final String SCRIPT = "authors_workload.py";
    private static final String MARK = "peer-workload";
    /** The files of the authors' checkout that the driver imports. */
    static final List<String> FILES = List.of("utils.py", "mlp.py");
    private static final long TIMEOUT_MINUTES = 30;

    final double stepSeconds;
    final int shortRun;
    final int longRun;
    final String jaxVersion;
    final String platform;

    private PeerWorkload(double stepSeconds, int shortRun, int longRun, String jaxVersion, String platform) {
        this.stepSeconds = stepSeconds;
        this.shortRun = shortRun;
        this.longRun = longRun;
        this.jaxVersion = jaxVersion;
        this.platform = platform;
    }

    /**
     * Exit-2 message for a DIR that is not a checkout of the authors' code or a python that cannot import JAX with
     * it, or null: checked before the bench's minutes of work, not after them.
     */
    static String problemWith(Path dir, String python) {
        String files = problemWith(dir);
        if (files != null) {
            return files;
        }
        try {
            Process p = new ProcessBuilder(python, "-c", "import sys; sys.path.insert(0, sys.argv[1]); import jax",
                    dir.toAbsolutePath().toString()).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.waitFor() != 0) {
                List<String> lines = output.lines().toList();
                return "--peer-python: " + python + " cannot import jax for the authors' code ("
                        + (lines.isEmpty() ? "exit " + p.exitValue() : lines.get(lines.size() - 1))
                        + "); install JAX for it or name another Python";
            }
            return null;
        } catch (IOException e) {
            return "--peer-python: cannot run " + python + " (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "--peer: interrupted";
        }
    }

    /** Exit-2 message for a DIR that is not a checkout of the authors' code, or null when it looks like one. */
    static String problemWith(Path dir) {
        if (!Files.isDirectory(dir)) {
            return "--peer: " + dir + " is not a folder (expected a checkout of the authors' implicit-reg-sharpness)";
        }
        for (String f : FILES) {
            if (!Files.isRegularFile(dir.resolve(f))) {
                return "--peer: " + dir + " has no " + f + " (expected a checkout of the authors'"
                        + " implicit-reg-sharpness, whose " + String.join(" and ", FILES) + " the bench calls)";
            }
        }
        return null;
    }

    /** Runs the driver with python on the checkout in dir; throws with the driver's last words if it fails. */
    static PeerWorkload measure(Timer timer, Path dir, String python, boolean quick) {
        int shortRun = quick ? 200 : 500;
        int longRun = quick ? 1200 : 3000;
        timer.progress("the authors' code in %s: %,d- and %,d-step runs (%s)", dir, shortRun, longRun, python);
        Path script = null;
        try {
            script = Files.createTempFile("dlnlab-peer", ".py");
            try (InputStream in = PeerWorkload.class.getResourceAsStream(SCRIPT)) {
                Files.write(script, in.readAllBytes());
            }
            Process p = new ProcessBuilder(python, script.toString(), dir.toAbsolutePath().toString(),
                    String.valueOf(shortRun), String.valueOf(longRun)).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("--peer: the authors' code ran longer than " + TIMEOUT_MINUTES
                        + " minutes");
            }
            String output = new String(out, StandardCharsets.UTF_8);
            PeerWorkload w = parse(output);
            if (p.exitValue() != 0 || w == null) {
                List<String> lines = output.strip().lines().toList();
                throw new IllegalStateException("--peer: the authors' code in " + dir + " failed (exit "
                        + p.exitValue() + "): " + (lines.isEmpty() ? "no output" : lines.get(lines.size() - 1)));
            }
            return w;
        } catch (IOException e) {
            throw new UncheckedIOException("--peer: could not run " + python + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            if (script != null) {
                try {
                    Files.deleteIfExists(script);
                } catch (IOException e) {
                    // a temporary file left behind is not worth failing the bench for
                }
            }
        }
    }

    /** The driver's result line, or null when the output has none. */
    static PeerWorkload parse(String output) {
        for (String line : output.split("\n")) {
            String[] f = line.trim().split(" ");
            if (f.length == 6 && f[0].equals(MARK)) {
                return new PeerWorkload(Double.parseDouble(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]),
                        f[4], f[5]);
            }
        }
        return null;
    }

    void put(ObjectNode o) {
        o.put("setting", "the authors' code (implicit-reg-sharpness: update and the 20-step largest_eigenvalue every"
                + " 5 steps) on n = 50, d = 5, L = 10, scale " + PaperWorkload.INIT_SCALE + ", step size "
                + PaperWorkload.LEARNING_RATE + "; marginal cost = (t(long) − t(short)) / (long − short) steps, after a"
                + " compiling run");
        Json.put(o, "step_s", stepSeconds);
        o.put("short_run_steps", shortRun);
        o.put("long_run_steps", longRun);
        o.put("jax_version", jaxVersion);
        o.put("platform", platform);
    }
}
