package org.dlnlab.data;

import org.dlnlab.InvalidInputException;
import org.dlnlab.testing.Cases;
import org.dlnlab.testing.Cases.Trial;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whatever the bytes, reading data either succeeds or says what is wrong: never any other exception. */
class CsvFuzzTest {
    private static final byte[] VALID = ("\uFEFFx0,\"x, 1\",\"say \"\"y\"\"\"\r\n1.5,-2e3,\"3\"\r\n"
            + "4,\"5\n\",6\n7,.5,+8E-1\n\n").getBytes(StandardCharsets.UTF_8);

    /** Parses, splits and z-scores; an InvalidInputException must be one line naming the file. */
    private static void readOrRefuse(byte[] bytes) {
        try {
            Standardization.ZSCORE.apply(DataSources.dataset(CsvTable.parse(bytes, "fuzz.csv"), null));
        } catch (InvalidInputException e) {
            assertTrue(e.getMessage().startsWith("fuzz.csv"), e.getMessage());
            assertTrue(e.getMessage().indexOf('\n') < 0 && e.getMessage().indexOf('\r') < 0, e.getMessage());
        }
    }

    /** Edge cases: lengths {0, 1, 2, 119, 120} × the 9 edge bytes to start from (45 = 5·9, coprime). */
    @Cases.Property(tries = 1000, edgeCases = 45)
    void randomBytes(Trial t) {
        readOrRefuse(t.bytes("bytes", 120));
    }

    /** Edge cases: lengths {0, 1, 2, 59, 60} × the 14 characters to start from (70 = 5·14, coprime). */
    @Cases.Property(tries = 1000, edgeCases = 70)
    void randomCsvLikeText(Trial t) {
        String text = t.string("text", 60, ',', '"', '\r', '\n', ' ', '0', '1', '.', 'e', '-', 'N', 'a', '\uFEFF',
                'é');
        readOrRefuse(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Edge cases: positions {0, 1, 2, 9999, 10000} × the 9 edge bytes. */
    @Cases.Property(tries = 1000, edgeCases = 45)
    void singleByteMutationsOfAValidFile(Trial t) {
        int position = t.intIn("position", 0, 10_000);
        byte value = t.anyByte("value");
        byte[] bytes = VALID.clone();
        bytes[position % bytes.length] = value;
        readOrRefuse(bytes);
    }

    /** 1000 cases, the count this property had by default. Edge cases: lengths {0, 1, 2, 9999, 10000}. */
    @Cases.Property(tries = 1000, edgeCases = 5)
    void truncationsOfAValidFile(Trial t) {
        int length = t.intIn("length", 0, 10_000);
        readOrRefuse(Arrays.copyOf(VALID, length % (VALID.length + 1)));
    }

    /**
     * Any finite doubles, written with LF or CRLF and with or without quotes, read back exactly. Edge cases: sizes
     * {4, 5, 11, 12} × crlf × quoted, the values running through ±1e300, ±0, ±1 and ±Double.MIN_VALUE.
     */
    @Cases.Property(tries = 300, edgeCases = 16)
    void writtenNumbersReadBackExactly(Trial t) {
        List<Double> values = Arrays.stream(t.doubles("values", 4, 12, -1e300, 1e300)).boxed().toList();
        boolean crlf = t.anyBoolean("crlf");
        boolean quoted = t.anyBoolean("quoted");
        String end = crlf ? "\r\n" : "\n";
        StringBuilder text = new StringBuilder("a,b" + end);
        int n = values.size() / 2;
        for (int i = 0; i < n; i++) {
            String cell = quoted ? "\"" + values.get(2 * i) + "\"" : values.get(2 * i).toString();
            text.append(cell).append(',').append(values.get(2 * i + 1)).append(end);
        }
        Dataset data = DataSources.dataset(CsvTable.parse(text.toString().getBytes(StandardCharsets.UTF_8),
                "round.csv"), null);
        for (int i = 0; i < n; i++) {
            assertArrayEquals(new double[] {values.get(2 * i), values.get(2 * i + 1)},
                    new double[] {data.x()[i], data.y()[i]}, 0);
        }
    }
}
