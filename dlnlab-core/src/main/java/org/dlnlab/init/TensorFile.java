package org.dlnlab.init;

import org.dlnlab.InvalidInputException;
import org.dlnlab.kernels.MemoryBudget;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What the tensor formats (.npz, .safetensors) share once their headers are read: which entries are layers and in
 * what order, their layout, the parameter budget, and the little-endian values, widened, laid into dlnlab's flat
 * out × in row-major buffer. Nothing value-sized is allocated or read before every header has been checked.
 */
final class TensorFile {
    private static final int CHUNK = 1 << 16;
    /** One flat parameter buffer holds at most this many doubles. */
    private static final long MAX_PARAMETERS = Integer.MAX_VALUE - 8;

    private TensorFile() {
    }

    /**
     * A named tensor as its header describes it.
     *
     * @param fortran column-major (NumPy's fortran_order) rather than row-major
     * @param at      where its data start: within the npz entry, or in the safetensors file
     */
    record Tensor(String name, long[] shape, Dtype dtype, boolean fortran, long at) {
        long count() {
            long n = 1;
            for (long s : shape) {
                n *= s;
            }
            return n;
        }

        String where(Path path) {
            return path + ", entry " + WeightsFile.quote(name);
        }

        String shapeWords() {
            return Arrays.toString(shape) + " of " + dtype.words;
        }
    }

    /** How a format gives a tensor's data. */
    interface Opener {
        /** A stream positioned at the tensor's first byte. */
        InputStream open(Tensor t) throws IOException;

        /** Called once the tensor's values are read, with the stream still open (an npz entry checks its end). */
        default void finish(Tensor t, InputStream in) throws IOException {
        }
    }

    /** The number of elements of a shape read from a header, or an error when it overflows a long. */
    static long elements(Path path, String name, long[] shape, int itemBytes) {
        long n = 1;
        for (long s : shape) {
            if (s < 0) {
                throw new InvalidInputException(path + ", entry " + WeightsFile.quote(name) + ": negative dimension in shape "
                        + Arrays.toString(shape));
            }
            if (s != 0 && n > Long.MAX_VALUE / itemBytes / s) {
                throw new InvalidInputException(path + ", entry " + WeightsFile.quote(name) + ": shape " + Arrays.toString(shape)
                        + " is too large");
            }
            n *= s;
        }
        return n;
    }

    /** Checks the entries, then reads the layers (and projection) into a net; see the class comment. */
    static WeightsJson.Loaded load(Path path, List<Tensor> tensors, WeightsFile.Layout layout, Opener opener) {
        Tensor projection = null;
        List<Tensor> entries = new ArrayList<>();
        for (Tensor t : tensors) {
            String base = t.name().endsWith(".npy") ? t.name().substring(0, t.name().length() - 4) : t.name();
            if (base.equals(WeightsFile.PROJECTION)) {
                if (t.shape().length != 1 || t.shape()[0] == 0) {
                    throw new InvalidInputException(t.where(path) + ": the projection must be a non-empty vector,"
                            + " its shape is " + Arrays.toString(t.shape()));
                }
                projection = t;
            } else if (base.toLowerCase(Locale.ROOT).contains("bias") || t.shape().length == 1) {
                throw new InvalidInputException(t.where(path) + ": a bias (shape " + Arrays.toString(t.shape())
                        + "); dlnlab's networks have none (in PyTorch: nn.Linear(..., bias=False))");
            } else if (t.shape().length != 2 || t.shape()[0] == 0 || t.shape()[1] == 0) {
                throw new InvalidInputException(t.where(path) + ": shape " + Arrays.toString(t.shape())
                        + "; a layer is a non-empty matrix");
            } else {
                entries.add(t);
            }
        }
        if (entries.isEmpty()) {
            throw new InvalidInputException(path + ": no layers (expected matrices named W1, W2, … or 0.weight,"
                    + " 1.weight, …)");
        }
        List<Tensor> layers = new ArrayList<>();
        for (int i : WeightsFile.order(path, entries.stream().map(Tensor::name).toList())) {
            layers.add(entries.get(i));
        }
        boolean inOut = layout == WeightsFile.Layout.IN_OUT;
        List<String> names = new ArrayList<>();
        List<int[]> outIn = new ArrayList<>();
        long parameters = 0;
        for (Tensor t : layers) {
            long rows = t.shape()[0];
            long cols = t.shape()[1];
            parameters += rows * cols; // each below 2^63 / 8 (elements), and the sum is checked at every step
            requireBudget(path, t, parameters);
            outIn.add(inOut ? new int[]{(int) cols, (int) rows} : new int[]{(int) rows, (int) cols});
            names.add(WeightsFile.quote(t.name()) + (inOut ? " (read in × out)" : ""));
        }
        int[] widths = WeightsFile.widths(path, names, outIn,
                projection == null ? -1 : (int) Math.min(Integer.MAX_VALUE, projection.shape()[0]),
                projection == null ? null : WeightsFile.quote(projection.name()));
        double[] w = new double[(int) parameters];
        int offset = 0;
        for (Tensor t : layers) {
            int rows = (int) t.shape()[0];
            int cols = (int) t.shape()[1];
            // The file's bytes are an A × B row-major matrix; dlnlab's is out × in row-major: either the same or
            // its transpose (in × out row-major and out × in column-major are both transposes, in × out
            // column-major is dlnlab's own order).
            boolean transpose = inOut != t.fortran();
            int a = t.fortran() ? cols : rows;
            int b = t.fortran() ? rows : cols;
            read(path, opener, t, transpose, a, b, w, offset);
            offset += rows * cols;
        }
        double[] q = null;
        if (projection != null) {
            q = new double[(int) projection.shape()[0]];
            read(path, opener, projection, false, 1, q.length, q, 0);
        }
        return new WeightsJson.Loaded(WeightsFile.net(widths, q), w, null);
    }

    /** Refuses, before anything is allocated, layers whose float64 values one buffer or this heap cannot hold. */
    private static void requireBudget(Path path, Tensor t, long parameters) {
        if (parameters > MAX_PARAMETERS) {
            throw new InvalidInputException(String.format(Locale.ROOT, "%s: the layers up to this one hold %,d"
                    + " parameters, more than one buffer holds (2^31 − 9)", t.where(path), parameters));
        }
        if (8 * parameters > MemoryBudget.available()) {
            throw new InvalidInputException(String.format(Locale.ROOT, "%s: the layers up to this one hold %,d"
                    + " parameters, %.1f GiB as float64, more than this JVM may use (%.1f GiB)", t.where(path),
                    parameters, 8.0 * parameters / (1L << 30), MemoryBudget.available() / (double) (1L << 30)));
        }
    }

    /** Reads one tensor's count·size bytes, widening and checking each value, into dst from offset. */
    private static void read(Path path, Opener opener, Tensor t, boolean transpose, int a, int b, double[] dst,
                             int offset) {
        long count = (long) a * b;
        int size = t.dtype().bytes;
        byte[] chunk = new byte[(int) Math.min(CHUNK, count * size)];
        ByteBuffer buffer = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
        try (InputStream in = opener.open(t)) {
            int i = 0; // the row and column in the file's A × B order of the next value
            int j = 0;
            long done = 0;
            while (done < count) {
                int n = (int) Math.min(chunk.length / size, count - done);
                if (in.readNBytes(chunk, 0, n * size) < n * size) {
                    throw new InvalidInputException(String.format(Locale.ROOT, "%s: the data end after %,d of the"
                            + " %,d values of its shape %s (truncated?)", t.where(path), done, count,
                            Arrays.toString(t.shape())));
                }
                for (int e = 0; e < n; e++) {
                    double x = t.dtype().get(buffer, e * size);
                    if (!Double.isFinite(x)) {
                        throw new InvalidInputException(t.where(path) + ": value " + (done + e) + " (in the file's"
                                + " order) is " + x + ", expected a finite number");
                    }
                    dst[offset + (transpose ? j * a + i : i * b + j)] = x;
                    if (++j == b) {
                        j = 0;
                        i++;
                    }
                }
                done += n;
            }
            opener.finish(t, in);
        } catch (IOException e) {
            throw new InvalidInputException(t.where(path) + ": cannot read its data (" + e.getMessage() + ")");
        }
    }

    /** Writes values as little-endian float64. */
    static void writeDoubles(OutputStream out, double[] values, int offset, int count) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        for (int done = 0; done < count; ) {
            int n = Math.min(CHUNK / 8, count - done);
            buffer.clear();
            buffer.asDoubleBuffer().put(values, offset + done, n);
            out.write(buffer.array(), 0, 8 * n);
            done += n;
        }
    }
}
