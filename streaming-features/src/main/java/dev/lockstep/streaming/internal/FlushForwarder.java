package dev.lockstep.streaming.internal;

import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.processor.internals.ProcessorNode;
import org.apache.kafka.streams.processor.internals.ProcessorRecordContext;

/**
 * Forwards tile records from the source processor also when called outside {@code process()}: from the
 * pre-commit flush ({@link OnlineStoreBuffer#flushCache()}), where Kafka Streams has no current node.
 * This is exactly what Kafka Streams' own caching stores do when their cache is flushed (
 * {@code CachingKeyValueStore.putAndMaybeForward} restores the record context, and
 * {@code TimestampedCacheFlushListener} the node captured at init): set both, forward to the children,
 * restore. The records go through the task's producer, inside the transaction that commits the offsets.
 * These are internal Kafka Streams interfaces; {@code StreamingAppIT} would catch an upgrade that breaks them.
 */
final class FlushForwarder implements OpenTiles.TileSink {

    private final InternalProcessorContext<byte[], Emission> context;
    private final ProcessorNode<?, ?, ?, ?> node;
    private ProcessorRecordContext lastRecordContext;

    @SuppressWarnings("unchecked")
    FlushForwarder(ProcessorContext<byte[], Emission> context) {
        if (!(context instanceof InternalProcessorContext<?, ?>)) {
            throw new IllegalStateException("the source processor needs Kafka Streams' own processor context to "
                    + "forward tiles at commit, got " + context.getClass().getName());
        }
        this.context = (InternalProcessorContext<byte[], Emission>) context;
        this.node = this.context.currentNode();
    }

    /** Remembers the context of the record being processed: flushed tiles are sent in its name. */
    void processing() {
        lastRecordContext = context.recordContext();
    }

    /**
     * Runs {@code work} (store puts and {@link #emit}s) as if inside the processor: with its node current and,
     * outside process() and punctuate(), the last processed record's context, which the changelog and the
     * sink read for timestamp, topic and offset.
     */
    void inProcessorScope(Runnable work) {
        ProcessorNode<?, ?, ?, ?> previousNode = context.currentNode();
        ProcessorRecordContext previousContext = context.recordContext();
        try {
            context.setCurrentNode(node);
            if (previousContext == null) {
                if (lastRecordContext == null) {
                    throw new IllegalStateException("tiles to flush but no record processed by this task");
                }
                context.setRecordContext(lastRecordContext);
            }
            work.run();
        } finally {
            context.setCurrentNode(previousNode);
            context.setRecordContext(previousContext);
        }
    }

    /** Forwards one tile record; call inside {@link #inProcessorScope}. */
    @Override
    public void emit(byte[] key, byte[] value, long arrival) {
        context.forward(new Record<>(key, new Emission(Emission.Kind.TILE, key, value), arrival));
    }
}
