package dev.lockstep.features.agg;

import dev.lockstep.features.event.EventOrder;
import java.nio.ByteOrder;
import java.util.Optional;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.hll.TgtHllType;

/**
 * COUNT_DISTINCT: a DataSketches HLL_8 sketch with lgK 12 (about 1.6% standard error); finalizes to
 * {@code Long} = Math.round(estimate), 0 when empty. Merges go through a {@link Union}. IR bytes: the
 * length-prefixed {@link HllCanonicalForm canonical} compact image, and the estimate is always read from a
 * sketch heapified from those bytes, so it depends only on the set of values. Decode accepts any valid
 * image of the right lgK and type; re-encoding it yields the canonical form.
 */
final class CountDistinctAggregator extends AbstractAggregator<DistinctSketch> {
    static final int LG_K = 12;
    static final TgtHllType TYPE = TgtHllType.HLL_8;
    /** DataSketches ignores empty strings; 0xFF never occurs in UTF-8, so no string hashes like this. */
    private static final byte[] EMPTY_STRING_KEY = {(byte) 0xFF};

    CountDistinctAggregator(String feature, ValueType type) {
        super(feature, AggregationKind.COUNT_DISTINCT, Optional.of(type));
    }

    @Override
    public DistinctSketch prepare() {
        return new DistinctSketch(new HllSketch(LG_K, TYPE));
    }

    @Override
    public void update(DistinctSketch ir, Object value, EventOrder order) {
        check(value);
        HllSketch sketch = ir.updatableSketch();
        switch (type()) {
            case LONG -> sketch.update((long) (Long) value);
            case DOUBLE -> sketch.update((double) (Double) value);
            case STRING -> {
                String s = (String) value;
                if (s.isEmpty()) {
                    sketch.update(EMPTY_STRING_KEY);
                } else {
                    sketch.update(s);
                }
            }
            case BOOLEAN -> sketch.update((Boolean) value ? 1L : 0L);
        }
    }

    @Override
    public void merge(DistinctSketch into, DistinctSketch from) {
        into.mergeFrom(from);
    }

    @Override
    public DistinctSketch copy(DistinctSketch ir) {
        return new DistinctSketch(ir.sketch().copy());
    }

    @Override
    public Object finalizeValue(DistinctSketch ir) {
        HllSketch sketch = ir.sketch();
        if (sketch.isEmpty()) {
            return 0L;
        }
        return Math.round(HllCanonicalForm.estimate(sketch));
    }

    @Override
    public void encode(DistinctSketch ir, IrWriter out) {
        out.writeBytes(HllCanonicalForm.of(ir.sketch()));
    }

    @Override
    public DistinctSketch decode(IrReader in) {
        // A copy: a decoded IR may outlive the bytes it came from (state stores reuse their buffers).
        byte[] bytes = in.readBytes();
        return new DistinctSketch(wrap(Memory.wrap(bytes), bytes.length));
    }

    @Override
    public void mergeEncoded(DistinctSketch into, IrReader in) {
        // The union reads the image while merging and keeps nothing of it, so no copy is needed.
        into.mergeFrom(new DistinctSketch(in.readBytesInPlace(
                (buffer, offset, length) -> wrap(Memory.wrap(buffer, offset, length, ByteOrder.LITTLE_ENDIAN), length))));
    }

    /** A read-only view of a sketch image, checked to be HLL_8 with lgK 12. */
    private static HllSketch wrap(Memory image, int length) {
        HllSketch sketch;
        try {
            sketch = HllSketch.wrap(image);
        } catch (RuntimeException e) {
            throw new IrCodecException("not an HLL sketch image (" + length + " bytes): " + e.getMessage(), e);
        }
        if (sketch.getLgConfigK() != LG_K || sketch.getTgtHllType() != TYPE) {
            throw new IrCodecException("HLL sketch has lgK " + sketch.getLgConfigK() + " and type "
                    + sketch.getTgtHllType() + ", expected lgK " + LG_K + " and " + TYPE);
        }
        // No canonical-form check here: encode always writes the canonical image, and re-serializing
        // every tile on the read path would cost more than the rest of the decode.
        return sketch;
    }
}
