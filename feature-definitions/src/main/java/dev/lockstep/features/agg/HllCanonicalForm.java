package dev.lockstep.features.agg;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.util.Arrays;
import org.apache.datasketches.hll.HllSketch;

/**
 * Canonical bytes of an HLL sketch: the DataSketches compact image with everything that depends on the
 * order of updates or merges taken out, so equal sets of inserted values give equal bytes.
 *
 * <ul>
 *   <li>LIST and SET (coupon) modes store coupons in insertion or hash-table order: the coupons are
 *       sorted (heapify accepts them in any order) and the out-of-order flag, meaningless there, cleared.
 *   <li>HLL mode keeps a HIP accumulator that depends on update order, and a sketch built by a union is
 *       flagged out of order: the flag is always set and the HIP accumulator zeroed, so the estimate is
 *       always the composite estimator over the registers. kxq0/kxq1 are sums of powers of two that doubles
 *       hold exactly, so they do not depend on order.
 * </ul>
 *
 * Offsets follow the documented DataSketches HLL preamble (serialization version 1), little-endian:
 * byte 5 flags, byte 6 LIST count, byte 7 mode, bytes 8-11 SET count, HIP accumulator at bytes 8-15 in
 * HLL mode; coupons from byte 8 (LIST) or 12 (SET).
 */
final class HllCanonicalForm {
    private static final int FLAGS_BYTE = 5;
    private static final int LIST_COUNT_BYTE = 6;
    private static final int MODE_BYTE = 7;
    private static final int OUT_OF_ORDER_FLAG = 16;
    private static final int REBUILD_FLAG = 32;
    private static final int LIST = 0;
    private static final int SET = 1;
    private static final int HLL = 2;

    private HllCanonicalForm() {
    }

    static byte[] of(HllSketch sketch) {
        return canonicalize(sketch.toCompactByteArray());
    }

    /**
     * The estimate of the sketch's canonical form, so that it depends only on the set of inserted values.
     * In LIST and SET mode the estimate is a function of the coupon count alone (DataSketches
     * {@code AbstractCoupons.getEstimate}), which canonicalization keeps, so the sketch's own estimate is
     * that of its canonical form; only HLL mode, whose HIP estimate depends on order, is canonicalized
     * and read back.
     */
    static double estimate(HllSketch sketch) {
        byte[] image = sketch.toCompactByteArray();
        int mode = image[MODE_BYTE] & 3;
        if (mode == LIST || mode == SET) {
            return sketch.getEstimate();
        }
        return HllSketch.heapify(canonicalize(image)).getEstimate();
    }

    static byte[] canonicalize(byte[] image) {
        byte[] bytes = image.clone();
        ByteBuffer le = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int mode = bytes[MODE_BYTE] & 3;
        if ((bytes[FLAGS_BYTE] & REBUILD_FLAG) != 0) {
            throw new IllegalStateException("compact HLL image still asks for a rebuild of its derived values");
        }
        switch (mode) {
            case LIST -> {
                bytes[FLAGS_BYTE] &= ~OUT_OF_ORDER_FLAG;
                sortCoupons(le, 8, bytes[LIST_COUNT_BYTE] & 0xFF);
            }
            case SET -> {
                bytes[FLAGS_BYTE] &= ~OUT_OF_ORDER_FLAG;
                sortCoupons(le, 12, le.getInt(8));
            }
            case HLL -> {
                bytes[FLAGS_BYTE] |= OUT_OF_ORDER_FLAG;
                le.putDouble(8, 0.0);
            }
            default -> throw new IllegalStateException("unknown HLL mode " + mode);
        }
        return bytes;
    }

    private static void sortCoupons(ByteBuffer le, int offset, int count) {
        if (offset + 4L * count != le.capacity()) {
            throw new IllegalStateException("compact coupon image of " + le.capacity() + " bytes does not hold "
                    + count + " coupons from byte " + offset);
        }
        IntBuffer coupons = le.position(offset).slice().order(ByteOrder.LITTLE_ENDIAN).asIntBuffer();
        int[] sorted = new int[count];
        coupons.get(sorted);
        Arrays.sort(sorted);
        coupons.rewind();
        coupons.put(sorted);
    }
}
