package dev.lockstep.features.agg;

import dev.lockstep.features.event.EventOrder;
import java.util.Arrays;
import java.util.Optional;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;

/**
 * COUNT_DISTINCT: a DataSketches HLL_8 sketch with lgK 12 (about 1.6% standard error); finalizes to
 * {@code Long} = Math.round(estimate), 0 when empty. Merges go through a {@link Union}. IR bytes: the
 * length-prefixed {@link HllCanonicalForm canonical} compact image, and the estimate is always read from a
 * sketch heapified from those bytes, so it depends only on the set of values.
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
        HllSketch sketch = ir.sketch;
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
        Union union = new Union(LG_K);
        union.update(into.sketch);
        union.update(from.sketch);
        into.sketch = union.getResult(TYPE);
    }

    @Override
    public DistinctSketch copy(DistinctSketch ir) {
        return new DistinctSketch(ir.sketch.copy());
    }

    @Override
    public Object finalizeValue(DistinctSketch ir) {
        if (ir.sketch.isEmpty()) {
            return 0L;
        }
        return Math.round(HllSketch.heapify(HllCanonicalForm.of(ir.sketch)).getEstimate());
    }

    @Override
    public void encode(DistinctSketch ir, IrWriter out) {
        out.writeBytes(HllCanonicalForm.of(ir.sketch));
    }

    @Override
    public DistinctSketch decode(IrReader in) {
        byte[] bytes = in.readBytes();
        HllSketch sketch;
        try {
            sketch = HllSketch.heapify(bytes);
        } catch (RuntimeException e) {
            throw new IrCodecException("not an HLL sketch image (" + bytes.length + " bytes): " + e.getMessage(), e);
        }
        if (sketch.getLgConfigK() != LG_K || sketch.getTgtHllType() != TYPE) {
            throw new IrCodecException("HLL sketch has lgK " + sketch.getLgConfigK() + " and type "
                    + sketch.getTgtHllType() + ", expected lgK " + LG_K + " and " + TYPE);
        }
        byte[] canonical;
        try {
            canonical = HllCanonicalForm.of(sketch);
        } catch (RuntimeException e) {
            throw new IrCodecException("HLL sketch image cannot be re-serialized: " + e.getMessage(), e);
        }
        if (!Arrays.equals(canonical, bytes)) {
            throw new IrCodecException("HLL sketch image of " + bytes.length + " bytes is not in canonical form");
        }
        return new DistinctSketch(sketch);
    }
}
