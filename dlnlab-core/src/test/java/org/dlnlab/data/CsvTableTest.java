package org.dlnlab.data;

import org.dlnlab.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

class CsvTableTest {

    private static CsvTable parse(String text) {
        return CsvTable.parse(text.getBytes(StandardCharsets.UTF_8), "t.csv");
    }

    private static String[] row(CsvTable table, int i) {
        String[] cells = new String[table.header().size()];
        for (int j = 0; j < cells.length; j++) {
            cells[j] = table.cell(i, j);
        }
        return cells;
    }

    private static void assertMessage(InvalidInputException e, String... fragments) {
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), () -> "\"" + e.getMessage() + "\" lacks " + fragment);
        }
        assertTrue(e.getMessage().lines().count() == 1, () -> "not one line: " + e.getMessage());
    }

    @Test
    void readsHeaderRowsAndLines() {
        CsvTable t = parse("a,b\n1,2\n3,4\n");
        assertEquals(List.of("a", "b"), t.header());
        assertEquals(2, t.rowCount());
        assertArrayEquals(new String[] {"3", "4"}, row(t, 1));
        assertEquals("line 3 (data row 2)", t.location(1));
    }

    @Test
    void acceptsBomCrlfAndMissingFinalNewline() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = "a,b\r\n1,2\r\n3,4".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, bytes, 0, bom.length);
        System.arraycopy(body, 0, bytes, bom.length, body.length);
        CsvTable t = CsvTable.parse(bytes, "t.csv");
        assertEquals(List.of("a", "b"), t.header());
        assertArrayEquals(new String[] {"1", "2"}, row(t, 0));
        assertArrayEquals(new String[] {"3", "4"}, row(t, 1));
    }

    @Test
    void trailingNewlinesAndBlankLinesAtTheEndAreIgnored() {
        assertEquals(2, parse("a,b\n1,2\n3,4\n").rowCount());
        assertEquals(2, parse("a,b\r\n1,2\r\n3,4\r\n\r\n  \n\n").rowCount());
    }

    @Test
    void quotedCellsHoldCommasDoubledQuotesAndNewlines() {
        CsvTable t = parse("\"x, first\",\"say \"\"hi\"\"\",y\n\"1\",\"line\nbreak\r\nend\",3\n4,,6\n");
        assertEquals(List.of("x, first", "say \"hi\"", "y"), t.header());
        assertArrayEquals(new String[] {"1", "line\nbreak\r\nend", "3"}, row(t, 0));
        assertArrayEquals(new String[] {"4", "", "6"}, row(t, 1));
        assertEquals("line 5 (data row 2)", t.location(1), "the two newlines in quotes count as lines");
    }

    @Test
    void headerNamesAreStripped() {
        assertEquals(List.of("a", "b c"), parse(" a , b c \n1,2\n").header());
    }

    @Test
    void parsesPlainDecimalNumbers() {
        CsvTable t = parse("a,b,c,d,e,f\n 1.5 ,-2,+3e-2,.5,5.,-1E+300\n");
        double[] expected = {1.5, -2, 0.03, 0.5, 5, -1e300};
        for (int j = 0; j < expected.length; j++) {
            assertEquals(expected[j], t.number(0, j));
        }
    }

    @Test
    void columnListsTheAvailableNames() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> parse("a,b\n1,2\n").column("c"));
        assertMessage(e, "t.csv", "no column \"c\"", "\"a\", \"b\"");
    }

    @Test
    void messagesEscapeControlCharactersAndCutLongCells() {
        CsvTable t = parse("a\n\"x\ny\"\n" + "9".repeat(100) + "z\n");
        assertMessage(assertThrows(InvalidInputException.class, () -> t.number(0, 0)), "\"x\\ny\" is not a number");
        assertMessage(assertThrows(InvalidInputException.class, () -> t.number(1, 0)), "…\" is not a number");
    }

    /** Each file of the corpus in {@code bad/} and fragments its message must contain. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            empty.csv              | : the file is empty
            bom_only.csv           | : the file is empty
            no_header.csv          | , line 1: empty, expected a header row
            duplicate_columns.csv  | , line 1: column name "x0" appears twice (header columns 1 and 3)
            unnamed_column.csv     | , line 1: header column 2 has no name
            unterminated_quote.csv | , line 3, cell 1: the quote that opens this cell is never closed
            ragged.csv             | : line 3 (data row 2) has 4 cells, the header has 6
            blank_line_middle.csv  | : line 3 (data row 2) is empty
            not_a_number.csv       | , line 3 (data row 2), column "x2": "abc" is not a number
            nan.csv                | , line 3 (data row 2), column "x2": NaN is not a finite number
            infinity.csv           | , line 3 (data row 2), column "x2": -Infinity is not a finite number
            inf.csv                | , line 3 (data row 2), column "x2": inf is not a finite number
            hex_float.csv          | , line 3 (data row 2), column "x2": "0x1p3" is not a number
            java_suffix.csv        | , line 3 (data row 2), column "x2": "1d" is not a number
            overflow.csv           | , line 3 (data row 2), column "x2": "1e400" is beyond the range of a double
            empty_cell.csv         | , line 3 (data row 2), column "x2": empty cell, expected a number
            one_row.csv            | : 1 data row(s) after the header, need at least 2
            header_only.csv        | : 0 data row(s) after the header, need at least 2
            single_column.csv      | : every column is a target or dropped, need at least one input column
            quote_in_unquoted.csv  | , line 3, cell 2: a quote inside an unquoted cell
            cr_line_ends.csv       | , line 1, cell 2: a carriage return (CR) without a line feed
            text_after_quote.csv   | , line 3, cell 1: unexpected "x" after the closing quote
            latin1.csv             | , line 3: not valid UTF-8 (byte 0xE9 at byte offset 12)
            utf16.csv              | , line 1: not valid UTF-8 (byte 0xFF at byte offset 0)
            truncated_utf8.csv     | , line 3: not valid UTF-8 (byte 0xE2 at byte offset 12)
            """)
    void badFilesAreRefusedWithFileAndPlace(String file, String fragment) throws URISyntaxException {
        String path = Path.of(CsvTableTest.class.getResource("/dlnlab/data/bad/" + file).toURI()).toString();
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> DataSources.load(path, List.of()));
        assertMessage(e, path + fragment);
    }

    @Test
    void missingFile(@TempDir Path dir) {
        String path = dir.resolve("nothere.csv").toString();
        assertMessage(assertThrows(InvalidInputException.class, () -> CsvTable.readFile(path)),
                path + ": file not found");
    }

    @Test
    void folderInsteadOfFile(@TempDir Path dir) {
        assertMessage(assertThrows(InvalidInputException.class, () -> CsvTable.readFile(dir.toString())),
                dir + ": is a folder, expected a CSV file");
    }

    @Test
    void unreadableFile(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("secret.csv"), "a,b\n1,2\n3,4\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        assumeFalse(Files.isReadable(file), "running as a user who can read any file");
        assertMessage(assertThrows(InvalidInputException.class, () -> CsvTable.readFile(file.toString())),
                file + ": cannot read the file (permission denied)");
    }

    @Test
    void invalidPath() {
        assertMessage(assertThrows(InvalidInputException.class, () -> CsvTable.readFile("a\0b.csv")),
                "not a valid file path");
    }
}
