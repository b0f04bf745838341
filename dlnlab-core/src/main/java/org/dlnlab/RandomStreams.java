package org.dlnlab;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Independent random streams derived from (seed, key), so that every consumer (an initialization, a Lanczos
 * start, one run of a sweep) draws the same numbers whatever else ran before it or on which thread.
 */
public final class RandomStreams {
    private RandomStreams() {
    }

    public static SplittableRandom of(long seed, String key) {
        long h = seed;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            h = mix(h ^ (b & 0xff));
        }
        return new SplittableRandom(mix(h ^ key.length()));
    }

    /** SplitMix64's finalizer: a bijective avalanche of 64 bits. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
