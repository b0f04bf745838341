package org.dlnlab.init;

import org.dlnlab.InvalidInputException;
import org.dlnlab.model.DeepLinearNet;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * NumPy's {@code .npz}: a zip archive (stored or deflated) of {@code .npy} arrays, as numpy.savez and
 * numpy.savez_compressed write them. Each .npy is a magic string, a version, a header length and a Python dict
 * literal {@code {'descr': '<f8', 'fortran_order': False, 'shape': (4, 5), }}, then the values in C or Fortran order.
 */
final class Npz {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** NumPy itself refuses longer headers by default (max_header_size = 10000); a bound keeps a lie cheap. */
    private static final int MAX_HEADER = 1 << 16;
    /** A fixed entry time makes the archive a function of the weights alone. */
    private static final LocalDateTime EPOCH = LocalDateTime.of(1980, 1, 1, 0, 0);

    private Npz() {
    }

    static WeightsJson.Loaded read(Path path, WeightsFile.Layout layout) {
        try (ZipFile zip = new ZipFile(path.toFile())) {
            List<TensorFile.Tensor> tensors = new ArrayList<>();
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                if (entry.isDirectory() || !entry.getName().endsWith(".npy")) {
                    throw new InvalidInputException(path + ", entry " + WeightsFile.quote(entry.getName())
                            + ": not a .npy array");
                }
                try (InputStream in = zip.getInputStream(entry)) {
                    tensors.add(header(path, entry, in));
                } catch (IOException x) {
                    throw new InvalidInputException(path + ", entry " + WeightsFile.quote(entry.getName())
                            + ": cannot read its"
                            + " .npy header (" + x.getMessage() + ")");
                }
            }
            return TensorFile.load(path, tensors, layout, new TensorFile.Opener() {
                @Override
                public InputStream open(TensorFile.Tensor t) throws IOException {
                    InputStream in = zip.getInputStream(zip.getEntry(t.name()));
                    in.skipNBytes(t.at());
                    return in;
                }

                @Override
                public void finish(TensorFile.Tensor t, InputStream in) throws IOException {
                    // The archive may lie about the entry's size; inflating stops one byte past the shape's.
                    if (in.read() >= 0) {
                        throw new InvalidInputException(t.where(path) + ": holds more data than its shape "
                                + t.shapeWords() + " (refused without inflating the rest)");
                    }
                }
            });
        } catch (ZipException e) {
            throw new InvalidInputException(path + ": not a complete zip archive (" + e.getMessage() + "); an .npz"
                    + " is a zip of .npy arrays");
        } catch (IOException e) {
            throw new InvalidInputException(path + ": cannot read the archive (" + e.getMessage() + ")");
        }
    }

    /** Reads and checks the .npy header of an entry, without touching its data. */
    private static TensorFile.Tensor header(Path path, ZipEntry entry, InputStream in) throws IOException {
        String where = path + ", entry " + WeightsFile.quote(entry.getName());
        byte[] start = in.readNBytes(8);
        if (start.length < 8 || !Arrays.equals(Arrays.copyOf(start, 6), MAGIC) || start[6] < 1 || start[6] > 3) {
            throw new InvalidInputException(where + ": not a .npy array (no \\x93NUMPY version 1, 2 or 3 header)");
        }
        byte[] length = in.readNBytes(start[6] == 1 ? 2 : 4);
        long headerLength = 0;
        for (int i = length.length - 1; i >= 0; i--) {
            headerLength = headerLength << 8 | (length[i] & 0xFF);
        }
        if (length.length < (start[6] == 1 ? 2 : 4) || headerLength > MAX_HEADER) {
            throw new InvalidInputException(where + ": the .npy header length is missing or above " + MAX_HEADER);
        }
        byte[] text = in.readNBytes((int) headerLength);
        if (text.length < headerLength) {
            throw new InvalidInputException(where + ": the .npy header ends early (truncated?)");
        }
        NpyHeader h = NpyHeader.parse(where, new String(text, StandardCharsets.ISO_8859_1));
        long at = 8 + length.length + headerLength;
        long bytes = TensorFile.elements(path, entry.getName(), h.shape(), h.dtype().bytes) * h.dtype().bytes;
        if (entry.getSize() >= 0 && entry.getSize() != at + bytes) {
            throw new InvalidInputException(String.format(java.util.Locale.ROOT, "%s: the archive declares %,d"
                    + " bytes, its .npy header and shape %s make %,d (refused before inflating it)", where,
                    entry.getSize(), Arrays.toString(h.shape()), at + bytes));
        }
        return new TensorFile.Tensor(entry.getName(), h.shape(), h.dtype(), h.fortran(), at);
    }

    /** Writes W1.npy, …, WL.npy (and projection.npy) as float64, C order, stored: what numpy.savez writes. */
    static void write(Path path, DeepLinearNet net, double[] params) {
        WeightsJson.writeBytesAtomically(path, out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            for (int k = 1; k <= net.depth(); k++) {
                entry(zip, "W" + k + ".npy", new long[]{net.rows(k), net.cols(k)}, params, net.offset(k));
            }
            if (net.hasProjection()) {
                double[] q = net.projection();
                entry(zip, WeightsFile.PROJECTION + ".npy", new long[]{q.length}, q, 0);
            }
            zip.finish();
        });
    }

    private static void entry(ZipOutputStream zip, String name, long[] shape, double[] values, int offset)
            throws IOException {
        int count = (int) Arrays.stream(shape).reduce(1, (x, y) -> x * y);
        byte[] header = NpyHeader.float64(shape);
        // A stored entry needs its CRC before its data: one pass to compute it, one to write.
        CRC32 crc = new CRC32();
        try (OutputStream sink = new CheckedOutputStream(OutputStream.nullOutputStream(), crc)) {
            sink.write(header);
            TensorFile.writeDoubles(sink, values, offset, count);
        }
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(header.length + 8L * count);
        e.setCompressedSize(header.length + 8L * count);
        e.setCrc(crc.getValue());
        e.setTimeLocal(EPOCH);
        zip.putNextEntry(e);
        zip.write(header);
        TensorFile.writeDoubles(zip, values, offset, count);
        zip.closeEntry();
    }
}
