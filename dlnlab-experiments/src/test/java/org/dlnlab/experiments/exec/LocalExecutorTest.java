package org.dlnlab.experiments.exec;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LocalExecutorTest {
    @Test
    void resultsComeBackInTaskOrderWhateverTheThreadCount() throws Exception {
        List<Integer> tasks = IntStream.range(0, 60).boxed().toList();
        for (int threads : new int[]{1, 2, 7}) {
            List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
            List<Integer> out = new LocalExecutor(threads).map(tasks, i -> i % 5, i -> {
                try {
                    Thread.sleep((i * 7) % 3);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return i * i;
            }, (t, r) -> seen.add(t));
            assertEquals(tasks.stream().map(i -> i * i).toList(), out);
            assertEquals(60, seen.size());
        }
    }

    @Test
    void theFirstFailureIsRethrown() {
        Executor ex = new LocalExecutor(2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ex.map(List.of(1, 2, 3),
                i -> 1, i -> {
                    if (i == 2) {
                        throw new IllegalArgumentException("run 2 failed");
                    }
                    return i;
                }, (t, r) -> { }));
        assertEquals("run 2 failed", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LocalExecutor(0));
    }
}
