package org.dlnlab.init;

import org.dlnlab.InvalidInputException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The dict of a .npy header, {@code {'descr': '<f8', 'fortran_order': False, 'shape': (4, 5), }}: the subset of
 * Python literal syntax that numpy.lib.format writes (quoted keys and strings, True/False, a tuple of integers).
 */
record NpyHeader(Dtype dtype, boolean fortran, long[] shape) {

    /** Parses the dict; {@code where} (file and entry) starts every error. */
    static NpyHeader parse(String where, String text) {
        return new Parser(where, text).dict();
    }

    /** The version 1.0 header of a little-endian float64 C-order array, padded to 64 bytes as NumPy pads it. */
    static byte[] float64(long[] shape) {
        return header("<f8", shape);
    }

    /** The version 1.0 header of a C-order array of this type string, padded to 64 bytes as NumPy pads it. */
    static byte[] header(String descr, long[] shape) {
        StringBuilder dims = new StringBuilder();
        for (long s : shape) {
            dims.append(s).append(", ");
        }
        String tuple = shape.length == 0 ? "()" : shape.length == 1 ? "(" + shape[0] + ",)"
                : "(" + dims.substring(0, dims.length() - 2) + ")";
        StringBuilder dict = new StringBuilder("{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + tuple
                + ", }");
        while ((10 + dict.length() + 1) % 64 != 0) {
            dict.append(' ');
        }
        dict.append('\n');
        byte[] text = dict.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[10 + text.length];
        byte[] magic = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) text.length, (byte) (text.length >> 8)};
        System.arraycopy(magic, 0, out, 0, 10);
        System.arraycopy(text, 0, out, 10, text.length);
        return out;
    }

    /** A NumPy type string: byte order ({@code <} little, {@code >} big, {@code |} not applicable), kind, size. */
    private static Dtype dtype(String where, String descr) {
        if (descr.startsWith(">")) {
            throw new InvalidInputException(where + ": dtype " + descr + " is big-endian; save it little-endian"
                    + " (a.astype('<f8'))");
        }
        switch (descr) {
            case "<f8":
                return Dtype.F64;
            case "<f4":
                return Dtype.F32;
            case "<f2":
                return Dtype.F16;
            default:
                char kind = descr.length() > 1 ? descr.charAt(1) : '?';
                String what = kind == 'i' || kind == 'u' || kind == 'b' ? "integers or booleans"
                        : kind == 'c' ? "complex numbers" : "not a float type dlnlab reads";
                throw new InvalidInputException(where + ": dtype " + descr + " (" + what + "); weights are"
                        + " float64, float32 or float16 (or bfloat16 in safetensors)");
        }
    }

    private static final class Parser {
        private final String where;
        private final String s;
        private int i;

        Parser(String where, String s) {
            this.where = where;
            this.s = s;
        }

        NpyHeader dict() {
            String descr = null;
            Boolean fortran = null;
            long[] shape = null;
            expect('{');
            while (!peek('}')) {
                String key = string();
                expect(':');
                switch (key) {
                    case "descr" -> descr = peek('[') ? fail("structured dtypes are not weights") : string();
                    case "fortran_order" -> fortran = bool();
                    case "shape" -> shape = tuple();
                    default -> fail("unknown key " + WeightsFile.quote(key));
                }
                if (!peek('}')) {
                    expect(',');
                }
            }
            expect('}');
            if (descr == null || fortran == null || shape == null) {
                fail("descr, fortran_order and shape are required");
            }
            return new NpyHeader(dtype(where, descr), fortran, shape);
        }

        private String string() {
            skipBlanks();
            char quote = i < s.length() ? s.charAt(i) : 0;
            if (quote != '\'' && quote != '"') {
                fail("expected a quoted string at character " + i);
            }
            int end = s.indexOf(quote, i + 1);
            if (end < 0) {
                fail("unterminated string");
            }
            String v = s.substring(i + 1, end);
            i = end + 1;
            return v;
        }

        private boolean bool() {
            skipBlanks();
            if (s.startsWith("True", i)) {
                i += 4;
                return true;
            }
            if (s.startsWith("False", i)) {
                i += 5;
                return false;
            }
            return fail("fortran_order must be True or False");
        }

        private long[] tuple() {
            expect('(');
            List<Long> dims = new ArrayList<>();
            while (!peek(')')) {
                int start = i;
                while (i < s.length() && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) {
                    i++;
                }
                if (i == start || i - start > 18) {
                    fail("the shape must be a tuple of integers below 10^18");
                }
                dims.add(Long.parseLong(s.substring(start, i)));
                if (!peek(')')) {
                    expect(',');
                }
            }
            expect(')');
            return dims.stream().mapToLong(Long::longValue).toArray();
        }

        /** Skips blanks; true when the next character is c (not consumed). */
        private boolean peek(char c) {
            skipBlanks();
            return i < s.length() && s.charAt(i) == c;
        }

        private void expect(char c) {
            if (!peek(c)) {
                fail("expected '" + c + "' at character " + i);
            }
            i++;
        }

        private void skipBlanks() {
            while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\n')) {
                i++;
            }
        }

        private <T> T fail(String what) {
            throw new InvalidInputException(where + ": unreadable .npy header (" + what + ")");
        }
    }
}
