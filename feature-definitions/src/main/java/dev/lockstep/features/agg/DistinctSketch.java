package dev.lockstep.features.agg;

import org.apache.datasketches.hll.HllSketch;

/** IR of COUNT_DISTINCT: a holder, because a merge through a Union replaces the sketch. */
final class DistinctSketch {
    HllSketch sketch;

    DistinctSketch(HllSketch sketch) {
        this.sketch = sketch;
    }
}
