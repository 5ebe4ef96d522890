package dev.lockstep.streaming.internal;

import dev.lockstep.features.accept.AcceptedEvent;
import dev.lockstep.features.accept.RejectReason;
import dev.lockstep.features.accept.Verdict;
import dev.lockstep.features.engine.GroupPlan;
import dev.lockstep.features.engine.SourcePlan;
import dev.lockstep.features.event.AvroEventView;
import dev.lockstep.features.event.RecordPosition;
import dev.lockstep.wire.ConfluentWireFormat;
import dev.lockstep.wire.RecordDecodeException;
import dev.lockstep.wire.UndecodableRecordException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Processes one source partition: decode, accept, dedup, then fold into open tiles (see
 * {@link TileFolding}). Rejected records become dead letters; nothing stops the task but a bug or an
 * unreachable dependency, and for those the transaction aborts and the input is reprocessed.
 */
public final class SourceProcessor implements Processor<byte[], byte[], byte[], Emission> {

    private static final Logger LOG = LoggerFactory.getLogger(SourceProcessor.class);

    private final SourcePlan plan;
    private final List<GroupPlan> groups;
    private final SourceStores stores;
    private final ConfluentWireFormat wireFormat;
    private final DeadLetters deadLetters;
    private final SourceMetrics metrics;
    private final Clock clock;
    private final SourcePunctuation punctuation;

    private ProcessorContext<byte[], Emission> context;
    private DedupStore dedup;
    private OnlineStoreBuffer buffer;
    private OpenTiles tiles;
    private FlushForwarder forwarder;
    private PurgeHorizon horizon;
    private final long tileCacheMaxBytes;
    private final Duration arrivalRegressionMargin;

    public SourceProcessor(SourcePlan plan, List<GroupPlan> groups, SourceStores stores, ConfluentWireFormat wireFormat,
                           DeadLetters deadLetters, SourceMetrics metrics, Clock clock, SourcePunctuation punctuation,
                           long tileCacheMaxBytes, Duration arrivalRegressionMargin) {
        this.plan = plan;
        this.groups = groups;
        this.stores = stores;
        this.wireFormat = wireFormat;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.clock = clock;
        this.punctuation = punctuation;
        this.tileCacheMaxBytes = tileCacheMaxBytes;
        this.arrivalRegressionMargin = arrivalRegressionMargin;
    }

    @Override
    public void init(ProcessorContext<byte[], Emission> context) {
        this.context = context;
        long latenessMillis = plan.source().allowedLateness().toMillis();
        this.dedup = new DedupStore(context.getStateStore(stores.dedup()), latenessMillis);
        this.buffer = context.getStateStore(stores.buffer());
        this.forwarder = new FlushForwarder(context);
        this.tiles = new OpenTiles(groups, new TileStore(context.getStateStore(stores.tiles()), latenessMillis),
                buffer, tileCacheMaxBytes);
        buffer.participate(new OnlineStoreBuffer.CommitParticipant() {
            @Override
            public void beforeCommit() {
                flushTiles();
            }

            @Override
            public void discard() {
                tiles.discard();
            }
        });
        KeyValueStore<Bytes, byte[]> progress = context.getStateStore(stores.progress());
        this.horizon = new PurgeHorizon(progress, arrivalRegressionMargin, plan.source().allowedLateness());
        punctuation.restoreWatermark(progress, buffer);
        punctuation.schedule(context, plan, this::flushTiles, tiles, dedup, horizon, buffer, progress);
    }

    /** Writes the tiles dirtied since the last flush: at every commit, and before closed tiles are dropped. */
    private void flushTiles() {
        if (tiles.dirtyTiles() > 0) {
            forwarder.inProcessorScope(() -> tiles.flush(forwarder));
        }
    }

    @Override
    public void close() {
        // Kafka Streams flushes (commits) a task before closing it cleanly; a dirty close discards instead.
        buffer.participate(null);
        tiles.discard();
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        forwarder.processing();
        RecordMetadata meta = context.recordMetadata().orElseThrow(() ->
                new IllegalStateException("source record without metadata: the source processor must read a topic"));
        RecordPosition position = new RecordPosition(meta.topic(), meta.partition(), meta.offset(), record.timestamp());
        buffer.advanceWatermark(position.arrivalMillis());
        GenericRecord decoded;
        try {
            decoded = wireFormat.decode(record.value(), plan.source().schema()).record();
        } catch (RecordDecodeException e) {
            // The message keeps the wire format's finer reason (e.g. MALFORMED_AVRO) beside the reason code.
            String message = e instanceof UndecodableRecordException undecodable
                    ? undecodable.reason() + ": " + e.getMessage() : e.getMessage();
            deadLetter(record, position, e.rejectReason(), message);
            return;
        }
        Verdict verdict = plan.acceptance().evaluate(new AvroEventView(decoded), position);
        if (verdict instanceof Verdict.Rejected rejected) {
            deadLetter(record, position, rejected.reason(), rejected.message());
        } else if (verdict instanceof Verdict.Accepted accepted) {
            accept(record, accepted.event(), position);
        }
    }

    private void accept(Record<byte[], byte[]> record, AcceptedEvent event, RecordPosition position) {
        if (horizon.isBeyond(event.eventTime())) {
            // Before dedup: its key may be forgotten, and remembering it now would put it below the purge.
            deadLetter(record, position, RejectReason.ARRIVAL_REGRESSED,
                    horizon.describe(position, event.eventTime(), context.currentStreamTimeMs()));
            return;
        }
        if (event.dedupKey().isPresent() && !dedup.firstSeen(event.dedupKey().get())) {
            // Same partition, so the copy seen first is first by (arrival, partition, offset): it wins.
            metrics.duplicate();
            LOG.debug("duplicate of an earlier event at {}: {}", position, event.dedupKey().get());
            return;
        }
        metrics.accepted();
        if (record.key() == null || !Arrays.equals(record.key(), event.entityKey().getBytes(StandardCharsets.UTF_8))) {
            // Not a rejection (batch would accept it too), but the topology relies on entity-keyed sources.
            metrics.misrouted();
            LOG.warn("record {} is keyed by {} but its entity key is '{}': source topics must be keyed by entity "
                    + "key, or the entity's tiles and dedup state split across tasks", position,
                    record.key() == null ? "null" : "'" + new String(record.key(), StandardCharsets.UTF_8) + "'",
                    event.entityKey());
        }
        tiles.fold(event, position);
        tiles.evictIfOverBudget(forwarder);
    }

    private void deadLetter(Record<byte[], byte[]> record, RecordPosition position, RejectReason reason, String message) {
        // Acceptance messages already name the record; wire-format ones do not.
        String where = position.topic() + "/" + position.partition() + "@" + position.offset();
        String full = message.contains(where) ? message : "record " + position + ": " + message;
        LOG.warn("dead-lettering {} record {}: {}", reason, position, full);
        metrics.rejected(reason);
        byte[] letter = deadLetters.encode(position, record.key(), record.value(), reason, full, clock.millis());
        context.forward(record.withKey(record.key()).withValue(new Emission(Emission.Kind.DEAD_LETTER, record.key(), letter)));
    }
}
