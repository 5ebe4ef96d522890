package dev.lockstep.features.agg;

import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.Union;

/**
 * IR of COUNT_DISTINCT. A window read merges one tile after another into the same IR, so merges
 * accumulate in one {@link Union} instead of building a new one per merge (which would re-feed the
 * whole accumulated sketch every time); the union collapses to a sketch when the IR is next updated,
 * encoded or finalized. A decoded IR is a read-only view of its image (no copy: most decoded IRs are
 * only merged); it moves to the heap on its first update.
 */
final class DistinctSketch {

    private HllSketch sketch;
    private Union union;

    DistinctSketch(HllSketch sketch) {
        this.sketch = sketch;
    }

    /** The current sketch, collapsing pending merges first. */
    HllSketch sketch() {
        if (union != null) {
            sketch = union.getResult(CountDistinctAggregator.TYPE);
            union = null;
        }
        return sketch;
    }

    /** The sketch, on the heap so that it can be updated. */
    HllSketch updatableSketch() {
        HllSketch current = sketch();
        if (current.isMemory()) {
            sketch = current.copy();
        }
        return sketch;
    }

    void mergeFrom(DistinctSketch other) {
        HllSketch incoming = other.sketch();
        if (union == null) {
            union = new Union(CountDistinctAggregator.LG_K);
            union.update(sketch);
            sketch = null;
        }
        union.update(incoming);
    }
}
