package org.dlnlab.data;

import org.dlnlab.InvalidInputException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A CSV file (RFC 4180: UTF-8 with optional BOM, LF or CRLF, quoted cells with doubled quotes) as a header
 * and rectangular rows of strings. It is parsed by hand so that every error can name the file, the physical
 * line and the column: that single line is all a user sees when a data file is wrong, so it must be enough
 * to find and fix the cell. Blank lines are accepted only at the end of the file, where editors leave them.
 */
public final class CsvTable {
    /** A plain decimal number; possessive quantifiers keep matching linear on long garbage cells. */
    private static final Pattern DECIMAL =
            Pattern.compile("[+-]?+(?:\\d++(?:\\.\\d*+)?+|\\.\\d++)(?:[eE][+-]?+\\d++)?+");
    /** Spellings of non-finite values that deserve a clearer message than "not a number". */
    private static final Pattern NON_FINITE =
            Pattern.compile("[+-]?(?:nan|inf|infinity)", Pattern.CASE_INSENSITIVE);
    private static final int SHOWN_CHARS = 40;

    private final String source;
    private final List<String> header;
    private final List<String[]> rows;
    private final int[] lines;

    private CsvTable(String source, List<String> header, List<String[]> rows, int[] lines) {
        this.source = source;
        this.header = header;
        this.rows = rows;
        this.lines = lines;
    }

    /** Reads a file; {@code path} is also the name used in messages, as the user typed it. */
    public static CsvTable readFile(String path) {
        Path file;
        try {
            file = Path.of(path);
        } catch (InvalidPathException e) {
            throw new InvalidInputException(show(path) + ": not a valid file path (" + e.getReason() + ")", e);
        }
        if (Files.isDirectory(file)) {
            throw new InvalidInputException(path + ": is a folder, expected a CSV file");
        }
        try {
            return parse(Files.readAllBytes(file), path);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(path + ": file not found", e);
        } catch (AccessDeniedException e) {
            throw new InvalidInputException(path + ": cannot read the file (permission denied)", e);
        } catch (IOException e) {
            throw new InvalidInputException(path + ": cannot read the file (" + e.getMessage() + ")", e);
        }
    }

    /** Reads one of the CSV files shipped in {@code /dlnlab/data/}; a missing one is a packaging bug. */
    static CsvTable readResource(String fileName, String source) {
        try (InputStream in = CsvTable.class.getResourceAsStream("/dlnlab/data/" + fileName)) {
            if (in == null) {
                throw new IllegalStateException("built-in data file /dlnlab/data/" + fileName + " is missing");
            }
            return parse(in.readAllBytes(), source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses the bytes of a CSV file; {@code source} names it in messages. */
    public static CsvTable parse(byte[] bytes, String source) {
        String text = decode(bytes, source);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        if (text.isEmpty()) {
            throw new InvalidInputException(source + ": the file is empty, expected a header row of column names"
                    + " and data rows");
        }
        List<Row> records = new ArrayList<>();
        Parser parser = new Parser(text, source);
        for (Row r = parser.next(); r != null; r = parser.next()) {
            records.add(r);
        }
        int end = records.size();
        while (end > 0 && records.get(end - 1).blank()) {
            end--;
        }
        if (end == 0 || records.get(0).blank()) {
            throw new InvalidInputException(source + ", line 1: empty, expected a header row of column names");
        }
        List<String> header = columnNames(records.get(0), source);
        List<String[]> rows = new ArrayList<>(end - 1);
        int[] lines = new int[end - 1];
        for (int i = 1; i < end; i++) {
            Row r = records.get(i);
            String where = source + ": " + location(r.line(), i);
            if (r.blank()) {
                throw new InvalidInputException(where + " is empty, the header has " + header.size()
                        + " columns; blank lines are allowed only at the end of the file");
            }
            if (r.cells().length != header.size()) {
                throw new InvalidInputException(where + " has " + r.cells().length + " cells, the header has "
                        + header.size());
            }
            rows.add(r.cells());
            lines[i - 1] = r.line();
        }
        return new CsvTable(source, List.copyOf(header), rows, lines);
    }

    public String source() {
        return source;
    }

    /** The column names, stripped of surrounding spaces. */
    public List<String> header() {
        return header;
    }

    /** The number of data rows (the header not counted). */
    public int rowCount() {
        return rows.size();
    }

    /** The raw text of a cell; {@code row} is 0-based among data rows. */
    public String cell(int row, int column) {
        return rows.get(row)[column];
    }

    /** The index of a column, or an error that lists the columns there are. */
    public int column(String name) {
        int index = header.indexOf(name);
        if (index < 0) {
            throw new InvalidInputException(source + ": no column " + show(name) + "; the columns are "
                    + showAll(header));
        }
        return index;
    }

    /**
     * A cell as a finite double. Only plain decimal notation is accepted: {@link Double#parseDouble} would
     * also take hex floats, "NaN", "Infinity" and Java suffixes like "1d", none of which belong in a data file.
     */
    public double number(int row, int column) {
        String text = cell(row, column).strip();
        if (text.isEmpty()) {
            throw cellError(row, column, "empty cell, expected a number");
        }
        if (NON_FINITE.matcher(text).matches()) {
            throw cellError(row, column, text + " is not a finite number");
        }
        if (!DECIMAL.matcher(text).matches()) {
            throw cellError(row, column, show(text) + " is not a number");
        }
        double value = Double.parseDouble(text);
        if (!Double.isFinite(value)) {
            throw cellError(row, column, show(text) + " is beyond the range of a double (about ±1.8e308)");
        }
        return value;
    }

    /** Where a data row is, for messages: {@code line 8 (data row 7)}. */
    String location(int row) {
        return location(lines[row], row + 1);
    }

    private static String location(int line, int dataRow) {
        return "line " + line + " (data row " + dataRow + ")";
    }

    private InvalidInputException cellError(int row, int column, String what) {
        return new InvalidInputException(source + ", " + location(row) + ", column " + show(header.get(column))
                + ": " + what);
    }

    /** A user's string quoted for a one-line message: control characters escaped, long strings cut. */
    static String show(String s) {
        StringBuilder out = new StringBuilder("\"");
        int shown = Math.min(s.length(), SHOWN_CHARS);
        for (int i = 0; i < shown; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : c);
            }
        }
        return out.append(s.length() > shown ? "…\"" : "\"").toString();
    }

    /** Several user strings, each quoted as by {@link #show}, comma-separated. */
    static String showAll(List<String> strings) {
        return strings.stream().map(CsvTable::show).collect(Collectors.joining(", "));
    }

    private static List<String> columnNames(Row headerRow, String source) {
        List<String> names = new ArrayList<>();
        for (String cell : headerRow.cells()) {
            String name = cell.strip();
            int column = names.size() + 1;
            // A nameless first column is what pandas writes for its index: DataSources accepts it when left out.
            if (name.isEmpty() && column > 1) {
                throw new InvalidInputException(source + ", line " + headerRow.line() + ": header column " + column
                        + " has no name, expected a column name");
            }
            int earlier = names.indexOf(name);
            if (earlier >= 0) {
                throw new InvalidInputException(source + ", line " + headerRow.line() + ": column name "
                        + show(name) + " appears twice (header columns " + (earlier + 1) + " and " + column + ")");
            }
            names.add(name);
        }
        return names;
    }

    /** Strict decoding, so that a Latin-1 or UTF-16 file is refused at the bad byte instead of misread. */
    private static String decode(byte[] bytes, String source) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length); // UTF-8 never decodes to more chars than bytes
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int offset = in.position();
            int line = 1;
            for (int i = 0; i < offset; i++) {
                line += bytes[i] == '\n' ? 1 : 0;
            }
            throw new InvalidInputException(String.format("%s, line %d: not valid UTF-8 (byte 0x%02X at byte"
                    + " offset %d); save the file as UTF-8", source, line, bytes[offset] & 0xFF, offset));
        }
        return out.flip().toString();
    }

    /** One physical record: the line it starts on, its cells, and whether it is a blank line. */
    private record Row(int line, String[] cells, boolean blank) {
    }

    /** The RFC 4180 state machine over decoded text, one record per {@link #next()}. */
    private static final class Parser {
        private final String text;
        private final String source;
        private int pos;
        private int line = 1;

        Parser(String text, String source) {
            this.text = text;
            this.source = source;
        }

        /** The next record, or null at the end of the text. */
        Row next() {
            if (pos >= text.length()) {
                return null;
            }
            int startLine = line;
            List<String> cells = new ArrayList<>();
            boolean quoted = false;
            boolean more;
            do {
                boolean quotedCell = pos < text.length() && text.charAt(pos) == '"';
                quoted |= quotedCell;
                cells.add(quotedCell ? quotedCell(cells.size() + 1) : plainCell(cells.size() + 1));
                more = endOfCell(cells.size());
            } while (more);
            boolean blank = !quoted && cells.size() == 1 && cells.get(0).isBlank();
            return new Row(startLine, cells.toArray(String[]::new), blank);
        }

        private String plainCell(int cell) {
            int start = pos;
            while (pos < text.length() && !atSeparator()) {
                if (text.charAt(pos) == '"') {
                    throw error(line, cell, "a quote inside an unquoted cell; quote the whole cell and double"
                            + " the quotes inside it (\"\")");
                }
                if (text.charAt(pos) == '\r') {
                    throw error(line, cell, "a carriage return (CR) without a line feed; lines must end in LF or"
                            + " CRLF");
                }
                pos++;
            }
            return text.substring(start, pos);
        }

        private String quotedCell(int cell) {
            int openLine = line;
            StringBuilder value = new StringBuilder();
            pos++;
            while (true) {
                if (pos >= text.length()) {
                    throw error(openLine, cell, "the quote that opens this cell is never closed");
                }
                char c = text.charAt(pos++);
                if (c != '"') {
                    line += c == '\n' ? 1 : 0;
                    value.append(c);
                } else if (pos < text.length() && text.charAt(pos) == '"') {
                    value.append('"');
                    pos++;
                } else {
                    return value.toString();
                }
            }
        }

        /** Consumes what ends a cell; true when another cell of the same record follows. */
        private boolean endOfCell(int cell) {
            if (pos >= text.length()) {
                return false;
            }
            if (!atSeparator()) {
                throw error(line, cell, "unexpected " + show(text.substring(pos, pos + 1))
                        + " after the closing quote, expected a comma or the end of the line");
            }
            boolean comma = text.charAt(pos) == ',';
            pos += text.charAt(pos) == '\r' ? 2 : 1;
            line += comma ? 0 : 1;
            return comma;
        }

        /** A comma, LF or CRLF at the current position. */
        private boolean atSeparator() {
            char c = text.charAt(pos);
            return c == ',' || c == '\n'
                    || (c == '\r' && pos + 1 < text.length() && text.charAt(pos + 1) == '\n');
        }

        private InvalidInputException error(int atLine, int cell, String what) {
            return new InvalidInputException(source + ", line " + atLine + ", cell " + cell + ": " + what);
        }
    }
}
