package org.dlnlab.init;

import org.dlnlab.InvalidInputException;
import org.dlnlab.InvalidInputException.Input;
import org.dlnlab.InvalidInputException.Setting;
import org.dlnlab.InvalidInputException.Text;
import org.dlnlab.model.DeepLinearNet;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A weights file in any format dlnlab reads, recognized by its content: dlnlab's JSON ({@link WeightsJson}), a
 * NumPy {@code .npz} archive ({@link Npz}) or a {@code .safetensors} file ({@link Safetensors}). The rules every
 * format shares live here: how named layers are ordered, how they must chain, and where a projection fits.
 */
public final class WeightsFile {
    /** The number in a layer's name that orders it. */
    private static final Pattern FIRST_NUMBER = Pattern.compile("[0-9]+");
    /** The entry of the fixed output projection of a residual net, apart from the layers. */
    static final String PROJECTION = "projection";

    private WeightsFile() {
    }

    /** The formats dlnlab writes, named by their file extension. */
    public enum Format {
        JSON, NPZ, SAFETENSORS;

        public String extension() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Format parse(String words) {
            for (Format f : values()) {
                if (f.extension().equals(words)) {
                    return f;
                }
            }
            throw new InvalidInputException(Input.WEIGHTS_FORMAT, words, "expected json, npz or safetensors");
        }
    }

    /**
     * How a file stores W_k: out × in (d_k × d_{k−1}, as {@code nn.Linear.weight}) or in × out (as a JAX/Flax
     * {@code Dense} kernel). Square layers fit either, so the file cannot tell; the user says.
     */
    public enum Layout {
        OUT_IN("out-in"), IN_OUT("in-out");

        private final String words;

        Layout(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }

        public static Layout parse(String words) {
            for (Layout l : values()) {
                if (l.words.equals(words)) {
                    return l;
                }
            }
            throw new InvalidInputException(Input.WEIGHTS_LAYOUT, words, "expected out-in or in-out");
        }
    }

    /** Reads weights stored out × in. */
    public static WeightsJson.Loaded read(Path path) {
        return read(path, Layout.OUT_IN);
    }

    /** Reads and checks a weights file of any format; every refusal is one line naming the file and the entry. */
    public static WeightsJson.Loaded read(Path path, Layout layout) {
        byte[] head = new byte[9];
        int n;
        try (InputStream in = Files.newInputStream(path)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(path + ": weights file not found");
        } catch (IOException e) {
            throw new InvalidInputException(path + ": cannot read the weights file (" + e.getMessage() + ")");
        }
        Format format = detect(head, n);
        if (format == null) {
            throw new InvalidInputException(path + ": not a weights file; dlnlab reads JSON, npz or safetensors (a JSON"
                    + " object {\"layers\": [...]}, a NumPy archive from numpy.savez, a .safetensors file)");
        }
        return switch (format) {
            case NPZ -> Npz.read(path, layout);
            case SAFETENSORS -> Safetensors.read(path, layout);
            case JSON -> {
                if (layout != Layout.OUT_IN) {
                    throw new InvalidInputException(new Text(path + ": JSON weights are always out × in (W_k a list"
                            + " of d_k rows); "), new Setting(Input.WEIGHTS_LAYOUT, layout.words()),
                            new Text(" is for .npz and .safetensors"));
                }
                yield WeightsJson.read(path);
            }
        };
    }

    /**
     * Writes atomically in the given format; each reads back to the same bits. The provenance record (a JSON
     * object's text, or null) goes where each format keeps extra data: the JSON's {@code provenance} key, the npz
     * entry {@code dlnlab_meta} (a 0-d string array, as numpy.savez writes np.array(text)), the safetensors
     * metadata key {@code dlnlab_provenance}.
     */
    public static void write(Path path, Format format, DeepLinearNet net, double[] params, String provenance) {
        switch (format) {
            case JSON -> WeightsJson.write(path, net, params, provenance);
            case NPZ -> Npz.write(path, net, params, provenance);
            case SAFETENSORS -> Safetensors.write(path, net, params, provenance);
        }
    }

    /**
     * The format of a file from its first 9 bytes: a zip archive's signature; safetensors' 8-byte little-endian
     * header length (below 2^32, so its upper bytes are zero, which text never is) followed by the header's
     * {@code {}; text whose first non-blank character is {@code {}. Null: none of them.
     */
    static Format detect(byte[] head, int n) {
        if (n >= 4 && head[0] == 'P' && head[1] == 'K' && (head[2] == 3 && head[3] == 4 || head[2] == 5
                && head[3] == 6)) {
            return Format.NPZ;
        }
        if (n == 9 && head[8] == '{' && head[4] == 0 && head[5] == 0 && head[6] == 0 && head[7] == 0) {
            return Format.SAFETENSORS;
        }
        int i = n >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF ? 3 : 0;
        while (i < n && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n')) {
            i++;
        }
        return i < n ? (head[i] == '{' ? Format.JSON : null) : n == head.length ? Format.JSON : null;
    }

    /**
     * The order of the layers: by the first integer in each name ({@code W1, W2}, {@code arr_0, arr_1},
     * {@code layers.3.weight}), which every name must have and no two may share. Returns the indices into names.
     */
    static List<Integer> order(Path path, List<String> names) {
        List<BigInteger> numbers = new ArrayList<>();
        for (String name : names) {
            Matcher m = FIRST_NUMBER.matcher(name);
            if (!m.find()) {
                throw new InvalidInputException(path + ", entry " + quote(name) + ": no number in the name to order"
                        + " the layers by (name them W1, W2, … or 0.weight, 1.weight, …)");
            }
            numbers.add(new BigInteger(m.group()));
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparing(numbers::get));
        for (int k = 1; k < order.size(); k++) {
            if (numbers.get(order.get(k)).equals(numbers.get(order.get(k - 1)))) {
                throw new InvalidInputException(path + ", entries " + quote(names.get(order.get(k - 1))) + " and "
                        + quote(names.get(order.get(k))) + ": both are layer " + numbers.get(order.get(k))
                        + "; the first number in each name orders the layers");
            }
        }
        return order;
    }

    /**
     * Widths d_0..d_L of layers of the given out × in shapes, in order and named for messages, after checking that
     * they chain and, with a projection of the given length (−1: none), that all are square and it has d entries.
     */
    static int[] widths(Path path, List<String> names, List<int[]> outIn, int projection, String projectionName) {
        int depth = outIn.size();
        int[] widths = new int[depth + 1];
        widths[0] = outIn.get(0)[1];
        for (int k = 0; k < depth; k++) {
            if (outIn.get(k)[1] != widths[k]) {
                throw new InvalidInputException(path + ": " + names.get(k) + " is " + shape(outIn.get(k))
                        + " but " + names.get(k - 1) + " is " + shape(outIn.get(k - 1)) + " (out × in); consecutive"
                        + " layers must chain, W_k being d_k × d_{k−1}");
            }
            widths[k + 1] = outIn.get(k)[0];
        }
        if (projection >= 0) {
            for (int k = 0; k < depth; k++) {
                if (outIn.get(k)[0] != outIn.get(k)[1]) {
                    throw new InvalidInputException(path + ": a projection needs square layers, " + names.get(k)
                            + " is " + shape(outIn.get(k)));
                }
            }
            if (projection != widths[depth]) {
                throw new InvalidInputException(path + ": " + projectionName + " has " + projection
                        + " numbers, expected " + widths[depth] + " (the rows of the last layer)");
            }
        }
        return widths;
    }

    /** The net of these widths, residual when it has a projection. */
    static DeepLinearNet net(int[] widths, double[] projection) {
        return projection == null ? DeepLinearNet.of(widths)
                : DeepLinearNet.residual(widths[0], widths.length - 1, projection);
    }

    /**
     * A name from a file, quoted for a one-line message: control characters escaped, at most 80 characters kept
     * (a file's names are anyone's bytes).
     */
    static String quote(String name) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < name.length() && i < 80; i++) {
            char c = name.charAt(i);
            sb.append(Character.isISOControl(c) || c == '"' || c == '\\' ? String.format("\\u%04x", (int) c)
                    : String.valueOf(c));
        }
        return sb.append(name.length() > 80 ? "…\"" : "\"").toString();
    }

    private static String shape(int[] outIn) {
        return outIn[0] + "×" + outIn[1];
    }
}
