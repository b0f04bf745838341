package org.dlnlab.kernels;

import org.dlnlab.InvalidInputException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The up-front memory check: small nets pass, impossible ones are refused with the bytes needed and available. */
class MemoryBudgetTest {
    @Test
    void smallNetsFitAndKeepTheirWholeLanczosBasis() {
        assertDoesNotThrow(() -> MemoryBudget.requireTrainable(new int[] {5, 5, 5, 5, 1}, 1, "--depth"));
        assertEquals(500, MemoryBudget.lanczosBasisVectors(230_000, 1, 500));
        assertEquals(230, MemoryBudget.lanczosBasisVectors(230, 1, 230));
    }

    @Test
    void largeNetsGetABoundedBasis() {
        int cap = MemoryBudget.lanczosBasisVectors(100_000_000, 1, 500);
        assertTrue(cap >= 1 + MemoryBudget.LANCZOS_MIN_EXTRA, "cap " + cap);
        // The byte budget binds unless even the minimum k + 4 vectors exceed it.
        assertTrue(8L * cap * 100_000_000 <= Math.max(MemoryBudget.LANCZOS_BASIS_BYTES,
                8L * 100_000_000 * (1 + MemoryBudget.LANCZOS_MIN_EXTRA)), "cap " + cap);
        int medium = MemoryBudget.lanczosBasisVectors(3_000_000, 1, 500);
        assertTrue(medium > 1 + MemoryBudget.LANCZOS_MIN_EXTRA && 8L * medium * 3_000_000
                <= MemoryBudget.LANCZOS_BASIS_BYTES, "cap " + medium);
        // Several outputs: the basis is parameter-sized; one output: Lanczos runs on the range, and 10^8 parameters
        // need the weights and a few work vectors (measured peak: 2.6 GiB, `bench --scale`).
        int[] widths = new int[13];
        java.util.Arrays.fill(widths, 3163);
        widths[0] = 5;
        widths[12] = 2;
        assertTrue(MemoryBudget.trainingBytes(widths, 2) > 8L * 100_000_000 * (cap + 1));
        widths[12] = 1;
        long one = MemoryBudget.trainingBytes(widths, 1);
        assertTrue(one > 8L * 100_000_000 * 2 && one < 8L * 100_000_000 * 7, "bytes " + one);
    }

    @Test
    void impossibleNetsAreRefusedNamingTheMemory() {
        // 40 layers of 20000 × 20000: 1.6·10^10 parameters, beyond any heap and beyond one buffer.
        int[] widths = new int[41];
        java.util.Arrays.fill(widths, 20_000);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> MemoryBudget.requireTrainable(widths, 1, "--width/--depth"));
        assertTrue(e.getMessage().startsWith("--width/--depth: the network has N = "), e.getMessage());
        assertTrue(e.getMessage().contains("GiB"), e.getMessage());
        // Within one buffer but beyond this heap: names the heap and suggests -Xmx.
        long n = Math.min(MemoryBudget.available() / 8, Integer.MAX_VALUE - 9);
        int[] one = {(int) (n / 2), 2, 1};
        InvalidInputException f = assertThrows(InvalidInputException.class,
                () -> MemoryBudget.requireTrainable(one, 1, "--widths"));
        assertTrue(f.getMessage().contains("Runtime.maxMemory") && f.getMessage().contains("-Xmx")
                || f.getMessage().contains("smaller"), f.getMessage());
    }
}
