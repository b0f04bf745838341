package org.dlnlab.init;

import org.dlnlab.InvalidInputException;
import org.dlnlab.InvalidInputException.Input;
import org.dlnlab.InvalidInputException.Setting;
import org.dlnlab.InvalidInputException.Text;
import org.dlnlab.model.DeepLinearNet;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The safetensors format: an 8-byte little-endian header length N, N bytes of a JSON header
 * {@code {"NAME": {"dtype": "F64", "shape": [4, 5], "data_offsets": [begin, end]}, "__metadata__": {...}}}, then
 * the byte buffer the offsets index (little-endian, C order), which the tensors must cover without holes or overlaps.
 */
final class Safetensors {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    /** The bound the format's reference implementation puts on the header. */
    private static final long MAX_HEADER = 100L << 20;
    private static final String METADATA = "__metadata__";
    /** dlnlab's own metadata key: the layout the file was written in, checked against the one asked for. */
    static final String LAYOUT_KEY = "dlnlab_layout";
    /** dlnlab's provenance record, a JSON object's text. */
    static final String PROVENANCE_KEY = "dlnlab_provenance";

    private Safetensors() {
    }

    static WeightsJson.Loaded read(Path path, WeightsFile.Layout layout) {
        long start;
        List<TensorFile.Tensor> tensors = new ArrayList<>();
        String[] provenance = new String[1];
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = channel.size();
            ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            while (length.hasRemaining() && channel.read(length) >= 0) {
                // fill
            }
            long n = length.getLong(0);
            if (length.hasRemaining() || n < 2 || n > size - 8 || n > MAX_HEADER) {
                throw new InvalidInputException(String.format(Locale.ROOT, "%s: the header length says %s bytes,"
                        + " the file has %,d after it (truncated, or not safetensors?)", path,
                        Long.toUnsignedString(n), Math.max(0, size - 8)));
            }
            ByteBuffer text = ByteBuffer.allocate((int) n);
            while (text.hasRemaining() && channel.read(text) >= 0) {
                // fill
            }
            start = 8 + n;
            header(path, parse(path, text.array()), size - start, layout, tensors, provenance);
        } catch (IOException e) {
            throw new InvalidInputException(path + ": cannot read the file (" + e.getMessage() + ")");
        }
        long dataStart = start;
        return TensorFile.load(path, tensors, layout, t -> {
            InputStream in = Files.newInputStream(path);
            in.skipNBytes(dataStart + t.at());
            return in;
        }).withProvenance(provenance[0]);
    }

    private static JsonNode parse(Path path, byte[] text) {
        try {
            JsonNode root = MAPPER.readTree(new String(text, StandardCharsets.UTF_8));
            if (root == null || !root.isObject()) {
                throw new InvalidInputException(path + ": the header is not a JSON object");
            }
            return root;
        } catch (JacksonException e) {
            throw new InvalidInputException(path + ": malformed JSON header (" + e.getOriginalMessage()
                    .replaceAll("\\s+", " ") + ")");
        }
    }

    /** Checks every entry of the header against the buffer's size and collects the tensors. */
    private static void header(Path path, JsonNode root, long buffer, WeightsFile.Layout layout,
                               List<TensorFile.Tensor> tensors, String[] provenance) {
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            String where = path + ", entry " + WeightsFile.quote(e.getKey());
            JsonNode v = e.getValue();
            if (e.getKey().equals(METADATA)) {
                provenance[0] = metadata(where, v, layout);
                continue;
            }
            if (!v.isObject() || !v.path("dtype").isString() || !v.path("shape").isArray()
                    || !v.path("data_offsets").isArray() || v.path("data_offsets").size() != 2) {
                throw new InvalidInputException(where + ": expected {\"dtype\": …, \"shape\": […],"
                        + " \"data_offsets\": [begin, end]}");
            }
            Dtype dtype = dtype(where, v.get("dtype").asString());
            long[] shape = new long[v.get("shape").size()];
            for (int k = 0; k < shape.length; k++) {
                shape[k] = count(where, "shape", v.get("shape").get(k));
            }
            long begin = count(where, "data_offsets", v.get("data_offsets").get(0));
            long end = count(where, "data_offsets", v.get("data_offsets").get(1));
            if (begin > end || end > buffer) {
                throw new InvalidInputException(String.format(Locale.ROOT, "%s: data_offsets [%d, %d] do not lie"
                        + " in the %,d-byte buffer (truncated?)", where, begin, end, buffer));
            }
            long bytes = TensorFile.elements(path, e.getKey(), shape, dtype.bytes) * dtype.bytes;
            TensorFile.Tensor t = new TensorFile.Tensor(e.getKey(), shape, dtype, false, begin);
            if (end - begin != bytes) {
                throw new InvalidInputException(String.format(Locale.ROOT, "%s: data_offsets [%d, %d] hold %,d"
                        + " bytes, its shape %s needs %,d", where, begin, end, end - begin, t.shapeWords(), bytes));
            }
            tensors.add(t);
        }
        // The format forbids holes and overlaps: a header that lies about one size shows here.
        List<TensorFile.Tensor> byOffset = new ArrayList<>(tensors);
        byOffset.sort(Comparator.comparingLong(TensorFile.Tensor::at));
        long covered = 0;
        for (TensorFile.Tensor t : byOffset) {
            if (t.at() != covered) {
                throw new InvalidInputException(String.format(Locale.ROOT, "%s: its data start at byte %,d of the"
                        + " buffer, the previous entry ends at %,d (the buffer must be covered without holes or"
                        + " overlaps)", t.where(path), t.at(), covered));
            }
            covered += t.count() * t.dtype().bytes;
        }
        if (covered != buffer) {
            throw new InvalidInputException(String.format(Locale.ROOT, "%s: the entries cover %,d bytes of the"
                    + " %,d-byte buffer", path, covered, buffer));
        }
    }

    /** The metadata is a str → str map; dlnlab reads its layout and returns its provenance record (or null). */
    private static String metadata(String where, JsonNode v, WeightsFile.Layout layout) {
        if (!v.isObject()) {
            throw new InvalidInputException(where + ": expected an object of strings");
        }
        JsonNode written = v.get(LAYOUT_KEY);
        if (written != null && !written.asString("").equals(layout.words())) {
            throw new InvalidInputException(new Text(where + ": " + LAYOUT_KEY + " says the file is "
                    + WeightsFile.quote(written.isString() ? written.asString() : written.toString()) + " but it is read with "),
                    new Setting(Input.WEIGHTS_LAYOUT, layout.words()));
        }
        JsonNode provenance = v.get(PROVENANCE_KEY);
        return provenance != null && provenance.isString() ? provenance.asString() : null;
    }

    private static Dtype dtype(String where, String name) {
        return switch (name) {
            case "F64" -> Dtype.F64;
            case "F32" -> Dtype.F32;
            case "F16" -> Dtype.F16;
            case "BF16" -> Dtype.BF16;
            default -> throw new InvalidInputException(where + ": dtype " + WeightsFile.quote(name) + (name
                    .matches("[IU][0-9]+|BOOL") ? " (integers)" : name.startsWith("C") ? " (complex numbers)" : "")
                    + "; weights are F64, F32, F16 or BF16");
        };
    }

    /** A non-negative integer of the header. */
    private static long count(String where, String key, JsonNode n) {
        if (n == null || !n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < 0) {
            throw new InvalidInputException(where + ": " + key + " must hold non-negative integers, got "
                    + WeightsFile.quote(String.valueOf(n)));
        }
        return n.asLong();
    }

    /**
     * Writes float64 tensors named as an {@code nn.Sequential} of bias-free {@code nn.Linear} layers names them
     * ({@code 0.weight}, {@code 1.weight}, …; out × in), then a {@code projection} if there is one.
     */
    static void write(Path path, DeepLinearNet net, double[] params, String provenance) {
        ObjectNode header = MAPPER.createObjectNode();
        long offset = 0;
        for (int k = 1; k <= net.depth(); k++) {
            offset = describe(header, (k - 1) + ".weight", new long[]{net.rows(k), net.cols(k)}, offset);
        }
        if (net.hasProjection()) {
            describe(header, WeightsFile.PROJECTION, new long[]{net.inputs()}, offset);
        }
        ObjectNode metadata = header.putObject(METADATA).put(LAYOUT_KEY, WeightsFile.Layout.OUT_IN.words());
        if (provenance != null) {
            metadata.put(PROVENANCE_KEY, provenance);
        }
        StringBuilder text = new StringBuilder(MAPPER.writeValueAsString(header));
        while (text.length() % 8 != 0) {
            text.append(' '); // the format allows trailing blanks; aligned tensors can be mapped in place
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        WeightsJson.writeBytesAtomically(path, out -> {
            byte[] length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(bytes.length).array();
            out.write(length);
            out.write(bytes);
            TensorFile.writeDoubles(out, params, 0, params.length);
            if (net.hasProjection()) {
                TensorFile.writeDoubles(out, net.projection(), 0, net.inputs());
            }
        });
    }

    private static long describe(ObjectNode header, String name, long[] shape, long offset) {
        long end = offset + 8 * java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        ObjectNode t = header.putObject(name);
        t.put("dtype", "F64");
        var s = t.putArray("shape");
        for (long d : shape) {
            s.add(d);
        }
        t.putArray("data_offsets").add(offset).add(end);
        return end;
    }
}
