package dev.lockstep.features.agg;

import dev.lockstep.features.event.EventOrder;

/**
 * One feature's aggregation, split into the intermediate-representation (IR) contract both paths share:
 * streaming and batch {@link #update} and {@link #merge} IRs and write them with {@link #encode}; only the
 * read side calls {@link #finalizeValue}.
 *
 * <p>The aggregator itself is stateless and thread-safe. IRs are mutable and not thread-safe.
 *
 * <p>Merge is associative, commutative and exact: whatever order, split or merge tree produced an IR from
 * a multiset of events, its encoded bytes and its finalized value are identical.
 *
 * @param <I> the IR type
 */
public interface Aggregator<I> {

    /** The aggregation this aggregator computes. */
    AggregationKind kind();

    /** A new empty IR. */
    I prepare();

    /**
     * Adds one event's value.
     *
     * @param value a {@code Long}, {@code Double}, {@code String} or {@code Boolean} matching the feature's
     *              input type; {@code Boolean.TRUE} for a count without a column. Never null: callers skip
     *              null columns.
     * @param order the event's place in the total order, used by first/last/last_n
     * @throws IllegalArgumentException if the value has the wrong type, or is NaN or infinite
     * @throws AggregationOverflowException if an integer aggregate leaves its range
     */
    void update(I ir, Object value, EventOrder order);

    /** {@code into := into (+) from}; {@code from} is left unchanged. */
    void merge(I into, I from);

    /**
     * {@code into := into (+) decode(in)}, for reads that merge many encoded IRs: aggregators whose IR
     * can be added straight from its bytes override this to skip building the decoded IR.
     */
    default void mergeEncoded(I into, IrReader in) {
        merge(into, decode(in));
    }

    /** An independent copy of the IR. */
    I copy(I ir);

    /**
     * The feature value of the IR: see {@link Aggregators} for the value each aggregation yields.
     * Does not change the IR.
     */
    Object finalizeValue(I ir);

    /** Writes the IR's canonical bytes: equal IR values always give equal bytes. */
    void encode(I ir, IrWriter out);

    /**
     * Reads one IR written by {@link #encode}.
     *
     * @throws IrCodecException with the reason when the bytes are malformed or not canonical
     */
    I decode(IrReader in);
}
