package org.dlnlab.init;

import org.dlnlab.Decimal;
import org.dlnlab.InvalidInputException;
import org.dlnlab.model.DeepLinearNet;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The weights file of docs/cli.md: {@code {"layers": [W1, …, WL], "projection": [...]?, "provenance": {...}?}}, each
 * W_k a list of d_k rows of d_{k−1} numbers, W1 first. Reading checks every shape and value and names the offending
 * place.
 */
public final class WeightsJson {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    /** The key of the provenance record. */
    static final String PROVENANCE = "provenance";

    private WeightsJson() {
    }

    /**
     * A network and its parameters as stored in a file, with the file's provenance record: a JSON object (as text)
     * that says how the weights were made, which dlnlab writes and reads back unchanged; null when the file has none.
     */
    public record Loaded(DeepLinearNet net, double[] parameters, String provenance) {
        Loaded withProvenance(String text) {
            return new Loaded(net, parameters, text);
        }
    }

    /**
     * Reads and checks a weights file. The numbers are streamed into the flat parameter buffer (the file's order,
     * W1 first and row-major, is the buffer's), so a 10^8-parameter file needs no JSON tree in memory.
     */
    public static Loaded read(Path path) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
             JsonParser parser = MAPPER.createParser(in)) {
            return new StreamReader(path, parser).read();
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(path + ": weights file not found");
        } catch (IOException e) {
            throw new InvalidInputException(path + ": cannot read the weights file (" + e.getMessage() + ")");
        } catch (JacksonException e) {
            TokenStreamLocation loc = e.getLocation();
            String where = loc == null ? "" : ", line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            throw new InvalidInputException(path + where + ": malformed JSON (" + e.getOriginalMessage() + ")");
        }
    }

    /** One pass over the tokens of {@code {"layers": [...], "projection": [...]?}}. */
    private static final class StreamReader {
        private final Path path;
        private final JsonParser p;
        private double[] values = new double[1024];
        private int size;
        private final List<int[]> shapes = new ArrayList<>();

        StreamReader(Path path, JsonParser p) {
            this.path = path;
            this.p = p;
        }

        Loaded read() {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw layout();
            }
            boolean sawLayers = false;
            double[] projection = null;
            String provenance = null;
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if ("layers".equals(name)) {
                    if (sawLayers || t != JsonToken.START_ARRAY) {
                        throw layout();
                    }
                    sawLayers = true;
                    readLayers();
                } else if ("projection".equals(name) && t != JsonToken.VALUE_NULL) {
                    projection = readVector(t);
                } else if (PROVENANCE.equals(name) && t == JsonToken.START_OBJECT) {
                    provenance = p.readValueAsTree().toString();
                } else {
                    p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new InvalidInputException(path + ": unexpected content after the weights object");
            }
            if (!sawLayers || shapes.isEmpty()) {
                throw layout();
            }
            List<String> names = new ArrayList<>();
            for (int k = 0; k < shapes.size(); k++) {
                names.add("layers[" + k + "]");
            }
            int[] widths = WeightsFile.widths(path, names, shapes, projection == null ? -1 : projection.length,
                    "projection");
            DeepLinearNet net = WeightsFile.net(widths, projection);
            return new Loaded(net, values.length == size ? values : Arrays.copyOf(values, size), provenance);
        }

        private InvalidInputException layout() {
            return new InvalidInputException(path + ": expected an object {\"layers\": [W1, ..., WL]} with at"
                    + " least one layer");
        }

        private void readLayers() {
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                int k = shapes.size();
                if (t != JsonToken.START_ARRAY) {
                    throw new InvalidInputException(path + ": layers[" + k + "] must be a non-empty list of rows");
                }
                int rows = 0;
                int cols = -1;
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (t != JsonToken.START_ARRAY) {
                        throw new InvalidInputException(path + ": layers[" + k + "][" + rows
                                + "] must be a non-empty list of numbers");
                    }
                    int c = 0;
                    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                        append(number(t, "layers[" + k + "][" + rows + "]", c));
                        c++;
                    }
                    if (c == 0) {
                        throw new InvalidInputException(path + ": layers[" + k + "][" + rows
                                + "] must be a non-empty list of numbers");
                    }
                    if (cols >= 0 && c != cols) {
                        throw new InvalidInputException(path + ": layers[" + k + "] row " + rows + " has " + c
                                + " numbers but row 0 has " + cols);
                    }
                    cols = c;
                    rows++;
                }
                if (rows == 0) {
                    throw new InvalidInputException(path + ": layers[" + k + "] must be a non-empty list of rows");
                }
                shapes.add(new int[]{rows, cols});
            }
        }

        private double[] readVector(JsonToken start) {
            if (start != JsonToken.START_ARRAY) {
                throw new InvalidInputException(path + ": projection must be a non-empty list of numbers");
            }
            double[] v = new double[8];
            int n = 0;
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (n == v.length) {
                    v = Arrays.copyOf(v, 2 * n);
                }
                v[n] = number(t, "projection", n);
                n++;
            }
            if (n == 0) {
                throw new InvalidInputException(path + ": projection must be a non-empty list of numbers");
            }
            return Arrays.copyOf(v, n);
        }

        /** The current token as a finite number; {@code where[index]} names it in the error. */
        private double number(JsonToken t, String where, int index) {
            if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                double x = p.getDoubleValue();
                if (Double.isFinite(x)) {
                    return x;
                }
            }
            String shown = t == JsonToken.START_ARRAY || t == JsonToken.START_OBJECT ? t.asString() : p.getString();
            throw new InvalidInputException(path + ": " + where + "[" + index + "] is " + shown
                    + ", expected a finite number");
        }

        private void append(double x) {
            if (size == values.length) {
                if (values.length >= Integer.MAX_VALUE - 16) {
                    throw new InvalidInputException(path + ": more than 2^31 parameters");
                }
                values = Arrays.copyOf(values, (int) Math.min(Integer.MAX_VALUE - 16, 2L * values.length));
            }
            values[size++] = x;
        }
    }

    /**
     * Writes atomically: a temporary file in the same folder, then a rename. Streams the numbers ({@link Decimal}'s shortest
     * round-trip form) so that a 10^8-parameter net needs no text of its size in memory.
     */
    public static void write(Path path, DeepLinearNet net, double[] params, String provenance) {
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
                        out.write(Decimal.toString(params[row + j]));
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
                    out.write((j > 0 ? ", " : "") + Decimal.toString(q[j]));
                }
                out.write(" ]");
            }
            if (provenance != null) {
                out.write(",\n  \"" + PROVENANCE + "\" : " + provenance);
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
        writeBytesAtomically(path, out -> {
            java.io.Writer w = new java.io.BufferedWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8));
            body.writeTo(w);
            w.flush();
        });
    }

    /** What {@link #writeBytesAtomically(Path, BinaryBody)} writes. */
    @FunctionalInterface
    public interface BinaryBody {
        void writeTo(java.io.OutputStream out) throws IOException;
    }

    /** Bytes to a temporary sibling, then an atomic rename, so a crash never leaves half a file. */
    public static void writeBytesAtomically(Path path, BinaryBody body) {
        try {
            Path abs = path.toAbsolutePath();
            Files.createDirectories(abs.getParent());
            Path tmp = Files.createTempFile(abs.getParent(), abs.getFileName().toString(), ".tmp");
            try (java.io.OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
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
