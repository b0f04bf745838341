package org.dlnlab.init;

import java.nio.ByteBuffer;

/**
 * The floating-point types a weights tensor may hold, all little-endian, each widened to float64 exactly (every
 * float16, bfloat16 and float32 value is a float64 value).
 */
enum Dtype {
    F64(8, "float64"), F32(4, "float32"), F16(2, "float16"), BF16(2, "bfloat16");

    final int bytes;
    final String words;

    Dtype(int bytes, String words) {
        this.bytes = bytes;
        this.words = words;
    }

    /** The value at byte {@code at} of a little-endian buffer, widened. */
    double get(ByteBuffer b, int at) {
        return switch (this) {
            case F64 -> b.getDouble(at);
            case F32 -> b.getFloat(at);
            case F16 -> float16(b.getShort(at) & 0xFFFF);
            // bfloat16 is the upper half of a float32
            case BF16 -> Float.intBitsToFloat((b.getShort(at) & 0xFFFF) << 16);
        };
    }

    /**
     * An IEEE binary16 value (1 sign, 5 exponent, 10 fraction bits) as a double. By hand because
     * Float.float16ToFloat is Java 20+; every product below is exact (an 11-bit integer times a power of two).
     */
    static double float16(int bits) {
        int exponent = (bits >>> 10) & 0x1F;
        int fraction = bits & 0x3FF;
        double magnitude;
        if (exponent == 0x1F) {
            magnitude = fraction == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
        } else if (exponent == 0) {
            magnitude = fraction * 0x1p-24; // subnormal (and zero): fraction · 2^−14 · 2^−10
        } else {
            magnitude = Math.scalb((double) (fraction | 0x400), exponent - 25); // 1.fraction · 2^(exponent − 15)
        }
        return (bits & 0x8000) == 0 ? magnitude : -magnitude;
    }
}
