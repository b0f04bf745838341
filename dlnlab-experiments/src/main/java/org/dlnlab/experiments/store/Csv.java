package org.dlnlab.experiments.store;

import org.dlnlab.Decimal;
import org.dlnlab.InvalidInputException;

import java.util.ArrayList;
import java.util.List;

/**
 * Cells of the tidy CSV files: numbers in their shortest round-trip form ({@link Decimal}, so that a row read back and
 * written again is byte-identical), non-finite numbers as empty cells (never NaN), RFC 4180 quoting where a
 * cell needs it.
 */
public final class Csv {
    private Csv() {
    }

    public static String num(double v) {
        return Double.isFinite(v) ? Decimal.toString(v) : "";
    }

    public static double num(String cell) {
        if (cell.isEmpty()) {
            return Double.NaN;
        }
        return Double.parseDouble(cell);
    }

    public static String text(String s) {
        if (s == null) {
            return "";
        }
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    public static String textOrNull(String cell) {
        return cell.isEmpty() ? null : cell;
    }

    public static String line(List<String> cells) {
        return String.join(",", cells);
    }

    /** A whole file: the header line, then one line per row, each line ending in a newline. */
    public static String table(String header, List<String> lines) {
        StringBuilder sb = new StringBuilder(header).append('\n');
        for (String l : lines) {
            sb.append(l).append('\n');
        }
        return sb.toString();
    }

    /** Splits one line into cells (quoted cells may hold commas and doubled quotes, not line breaks). */
    public static List<String> split(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (quoted) {
            throw new InvalidInputException("unterminated quote in CSV line: " + line);
        }
        cells.add(cur.toString());
        return cells;
    }
}
