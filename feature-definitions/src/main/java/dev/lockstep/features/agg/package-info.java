/**
 * Aggregations as an IR contract (prepare / update / merge / finalize) with one byte codec, shared by the
 * streaming and batch paths so that both compute bit-identical values.
 *
 * <h2>Exactness</h2>
 * Merges are associative, commutative and exact: double sums use {@link dev.lockstep.features.agg.ExactDoubleSum},
 * long sums a 128-bit accumulator checked at finalize, HLL sketches canonical bytes; every finalize rounds
 * once.
 *
 * <h2>Tile bytes, format version 1</h2>
 * <pre>
 * tile     := version:u8 (=1)  count:varint  feature{count}
 * feature  := fingerprint:i32be  length:varint  ir:byte{length}
 * </pre>
 * The fingerprint is the CRC32C of the feature's canonical definition string
 * ({@link dev.lockstep.features.agg.TileCodec#fingerprint}). varint is unsigned LEB128, minimal;
 * zigzag maps signed to unsigned; fixed ints are big-endian; a string is a varint byte length and UTF-8.
 *
 * <h2>IR bytes per aggregation</h2>
 * <pre>
 * value      := LONG zigzag | DOUBLE raw bits i64be | STRING string | BOOLEAN u8 0/1
 * order      := eventTime:zigzag arrival:zigzag partition:zigzag offset:zigzag
 * exactsum   := 0:varint                                  (zero)
 *             | n:varint sign:u8 low:varint digit:u32be{n} (|sum| = sum digit[i] 2^(32 (low+i)) scaled, no zero at
 *                                                          either edge; scale 2^-1074, or 2^-2148 for squares)
 * count          := count:varint
 * sum LONG       := 0:u8 total:zigzag | 1:u8 high:i64be low:i64be   (wide form only when outside long)
 * sum DOUBLE     := exactsum
 * min, max       := 0:u8 | 1:u8 value
 * mean           := count:varint exactsum
 * variance, stddev := count:varint exactsum exactsum(squares)
 * first, last    := 0:u8 | 1:u8 order value
 * count_distinct := length:varint canonical DataSketches HLL_8 lgK=12 compact image
 * last_n         := count:varint (order value){count}         oldest first, strictly increasing
 * </pre>
 * Golden files under {@code src/test/resources/agg/} pin these bytes.
 */
package dev.lockstep.features.agg;
