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
    /** The entry of the provenance record: a 0-d unicode array, what numpy.savez(dlnlab_meta=text) writes. */
    static final String META_ENTRY = "dlnlab_meta.npy";
    /** The provenance record is small; a bound keeps a lying entry cheap. */
    private static final int MAX_META_BYTES = 1 << 20;
    private static final java.util.regex.Pattern UNICODE_SCALAR = java.util.regex.Pattern.compile(
            "\\{'descr': '<U(\\d+)', 'fortran_order': False, 'shape': \\(\\), \\}\\s*");
    /** A fixed entry time makes the archive a function of the weights alone. */
    private static final LocalDateTime EPOCH = LocalDateTime.of(1980, 1, 1, 0, 0);

    private Npz() {
    }

    static WeightsJson.Loaded read(Path path, WeightsFile.Layout layout) {
        try (ZipFile zip = new ZipFile(path.toFile())) {
            List<TensorFile.Tensor> tensors = new ArrayList<>();
            String provenance = null;
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                if (entry.getName().equals(META_ENTRY)) {
                    provenance = meta(path, zip, entry);
                    continue;
                }
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
            }).withProvenance(provenance);
        } catch (ZipException e) {
            throw new InvalidInputException(path + ": not a complete zip archive (" + e.getMessage() + "); an .npz"
                    + " is a zip of .npy arrays");
        } catch (IOException e) {
            throw new InvalidInputException(path + ": cannot read the archive (" + e.getMessage() + ")");
        }
    }

    /** The provenance record: a 0-d '<U n' array, n UTF-32LE code points (NumPy pads with NULs). */
    private static String meta(Path path, ZipFile zip, ZipEntry entry) throws IOException {
        String where = path + ", entry " + WeightsFile.quote(entry.getName());
        byte[] bytes;
        try (InputStream in = zip.getInputStream(entry)) {
            bytes = in.readNBytes(MAX_META_BYTES + 1);
        }
        if (bytes.length > MAX_META_BYTES || bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, 6), MAGIC)
                || bytes[6] != 1) {
            throw new InvalidInputException(where + ": not dlnlab's provenance record (a version 1 .npy of at most "
                    + MAX_META_BYTES + " bytes)");
        }
        int headerLength = (bytes[8] & 0xFF) | (bytes[9] & 0xFF) << 8;
        java.util.regex.Matcher m = UNICODE_SCALAR.matcher(new String(bytes, 10, Math.min(headerLength,
                bytes.length - 10), StandardCharsets.ISO_8859_1));
        if (!m.matches() || (long) Integer.parseInt(m.group(1)) * 4 != bytes.length - 10 - headerLength) {
            throw new InvalidInputException(where + ": not dlnlab's provenance record (a 0-d unicode string array)");
        }
        String text = new String(bytes, 10 + headerLength, bytes.length - 10 - headerLength,
                java.nio.charset.Charset.forName("UTF-32LE"));
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == 0) {
            end--;
        }
        return text.substring(0, end);
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
    static void write(Path path, DeepLinearNet net, double[] params, String provenance) {
        WeightsJson.writeBytesAtomically(path, out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            if (provenance != null) {
                byte[] text = provenance.getBytes(java.nio.charset.Charset.forName("UTF-32LE"));
                stored(zip, META_ENTRY, NpyHeader.header("<U" + provenance.codePointCount(0, provenance.length()),
                        new long[0]), text);
            }
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
        zip.putNextEntry(storedEntry(name, header.length + 8L * count, crc.getValue()));
        zip.write(header);
        TensorFile.writeDoubles(zip, values, offset, count);
        zip.closeEntry();
    }

    private static void stored(ZipOutputStream zip, String name, byte[] header, byte[] data) throws IOException {
        CRC32 crc = new CRC32();
        crc.update(header);
        crc.update(data);
        zip.putNextEntry(storedEntry(name, header.length + (long) data.length, crc.getValue()));
        zip.write(header);
        zip.write(data);
        zip.closeEntry();
    }

    private static ZipEntry storedEntry(String name, long size, long crc) {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(size);
        e.setCompressedSize(size);
        e.setCrc(crc);
        e.setTimeLocal(EPOCH);
        return e;
    }
}
