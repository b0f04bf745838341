package org.dlnlab.init;

import org.dlnlab.InvalidInputException;
import org.dlnlab.net.DeepLinearNet;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The weights file of DESIGN.md: {@code {"layers": [W1, …, WL], "projection": [...]?}}, each W_k a list of
 * d_k rows of d_{k−1} numbers, W1 first. Reading checks every shape and value and names the offending place.
 */
public final class WeightsJson {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private WeightsJson() {
    }

    /** A network and its parameters as stored in a file. */
    public record Loaded(DeepLinearNet net, double[] parameters) {
    }

    public static Loaded read(Path path) {
        JsonNode root;
        try (InputStream in = Files.newInputStream(path)) {
            root = MAPPER.readTree(in);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(path + ": weights file not found");
        } catch (IOException e) {
            throw new InvalidInputException(path + ": cannot read the weights file (" + e.getMessage() + ")");
        } catch (JacksonException e) {
            TokenStreamLocation loc = e.getLocation();
            String where = loc == null ? "" : ", line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            throw new InvalidInputException(path + where + ": malformed JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject() || !root.path("layers").isArray() || root.path("layers").isEmpty()) {
            throw new InvalidInputException(path + ": expected an object {\"layers\": [W1, ..., WL]} with at least"
                    + " one layer");
        }
        JsonNode layers = root.get("layers");
        int depth = layers.size();
        double[][][] w = new double[depth][][];
        for (int k = 0; k < depth; k++) {
            w[k] = matrix(path, "layers[" + k + "]", layers.get(k));
        }
        int[] widths = new int[depth + 1];
        widths[0] = w[0][0].length;
        for (int k = 0; k < depth; k++) {
            if (w[k][0].length != widths[k]) {
                throw new InvalidInputException(path + ": layers[" + k + "] has " + w[k][0].length
                        + " columns but layers[" + (k - 1) + "] has " + widths[k] + " rows; consecutive layers"
                        + " must chain (W_k is d_k × d_{k−1})");
            }
            widths[k + 1] = w[k].length;
        }
        double[] projection = null;
        JsonNode proj = root.get("projection");
        if (proj != null && !proj.isNull()) {
            projection = vector(path, "projection", proj);
            if (projection.length != widths[depth]) {
                throw new InvalidInputException(path + ": projection has " + projection.length
                        + " numbers, expected " + widths[depth] + " (the rows of the last layer)");
            }
        }
        DeepLinearNet net = projection == null ? DeepLinearNet.of(widths)
                : DeepLinearNet.residual(widths[0], depth, projection);
        if (projection != null && net.widths()[depth] != widths[depth]) {
            throw new InvalidInputException(path + ": a projection needs square layers");
        }
        double[] params = new double[net.parameterCount()];
        for (int k = 1; k <= depth; k++) {
            for (int i = 0; i < net.rows(k); i++) {
                System.arraycopy(w[k - 1][i], 0, params, net.offset(k) + i * net.cols(k), net.cols(k));
            }
        }
        return new Loaded(net, params);
    }

    private static double[][] matrix(Path path, String name, JsonNode node) {
        if (!node.isArray() || node.isEmpty()) {
            throw new InvalidInputException(path + ": " + name + " must be a non-empty list of rows");
        }
        double[][] m = new double[node.size()][];
        for (int i = 0; i < node.size(); i++) {
            m[i] = vector(path, name + "[" + i + "]", node.get(i));
            if (m[i].length != m[0].length) {
                throw new InvalidInputException(path + ": " + name + " row " + i + " has " + m[i].length
                        + " numbers but row 0 has " + m[0].length);
            }
        }
        return m;
    }

    private static double[] vector(Path path, String name, JsonNode node) {
        if (!node.isArray() || node.isEmpty()) {
            throw new InvalidInputException(path + ": " + name + " must be a non-empty list of numbers");
        }
        double[] v = new double[node.size()];
        for (int j = 0; j < v.length; j++) {
            JsonNode x = node.get(j);
            if (!x.isNumber() || !Double.isFinite(x.doubleValue())) {
                throw new InvalidInputException(path + ": " + name + "[" + j + "] is " + x
                        + ", expected a finite number");
            }
            v[j] = x.doubleValue();
        }
        return v;
    }

    /**
     * Writes atomically: a temporary file in the same folder, then a rename. Streams the numbers (Java's shortest
     * round-trip form) so that a 10^8-parameter net needs no text of its size in memory.
     */
    public static void write(Path path, DeepLinearNet net, double[] params) {
        writeAtomically(path, out -> {
            out.write("{\n  \"layers\" : [");
            for (int k = 1; k <= net.depth(); k++) {
                out.write(k == 1 ? " [" : ", [");
                for (int i = 0; i < net.rows(k); i++) {
                    out.write(i == 0 ? " [ " : ", [ ");
                    int row = net.offset(k) + i * net.cols(k);
                    for (int j = 0; j < net.cols(k); j++) {
                        if (j > 0) {
                            out.write(", ");
                        }
                        out.write(Double.toString(params[row + j]));
                    }
                    out.write(" ]");
                }
                out.write(" ]");
            }
            out.write(" ]");
            if (net.hasProjection()) {
                out.write(",\n  \"projection\" : [ ");
                double[] q = net.projection();
                for (int j = 0; j < q.length; j++) {
                    out.write((j > 0 ? ", " : "") + q[j]);
                }
                out.write(" ]");
            }
            out.write("\n}\n");
        });
    }

    /** What {@link #writeAtomically(Path, TextBody)} writes. */
    @FunctionalInterface
    public interface TextBody {
        void writeTo(java.io.Writer out) throws IOException;
    }

    /** Text to a file through a temporary sibling and an atomic rename, so a crash never leaves half a file. */
    public static void writeAtomically(Path path, String text) {
        writeAtomically(path, out -> out.write(text));
    }

    /** Streams a body to a temporary sibling, then renames it into place atomically. */
    public static void writeAtomically(Path path, TextBody body) {
        try {
            Path abs = path.toAbsolutePath();
            Files.createDirectories(abs.getParent());
            Path tmp = Files.createTempFile(abs.getParent(), abs.getFileName().toString(), ".tmp");
            try (java.io.Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                body.writeTo(out);
            }
            if (Files.getFileAttributeView(tmp, java.nio.file.attribute.PosixFileAttributeView.class) != null) {
                // createTempFile makes the file private; results are meant to be shared like any output.
                Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            }
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }
}
