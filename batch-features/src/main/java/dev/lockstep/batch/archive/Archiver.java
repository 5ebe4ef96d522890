package dev.lockstep.batch.archive;

import dev.lockstep.features.event.RecordPosition;
import dev.lockstep.wire.SchemaRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Archives source topics into rolling Avro container files that batch recomputes from: every
 * committed record exactly once, with its arrival time, partition, offset and key, its value decoded
 * under the source's schema (or the reason code streaming gives an undecodable value).
 *
 * <p>Exactly once across crashes: a partition's records go to one in-progress file at a time; a file is
 * completed (fsynced, renamed to a name carrying its partition and offset span, directory fsynced)
 * before any offset it holds is committed. A (re)assigned partition resumes after the last offset of
 * its completed files and deletes in-progress leftovers, so a crash at any point loses nothing (what
 * was not completed is read again) and doubles nothing (what was completed is never read again).
 * Committed consumer offsets are only for lag monitoring. Reads are {@code read_committed}: records of
 * aborted transactions are never archived, as streaming never processes them.
 *
 * <p>Several archivers in one consumer group share a directory safely, also when one stalls (a long GC
 * pause, a hung disk) past {@code max.poll.interval.ms} and the group gives its partitions to another:
 * each writes in-progress files under its own id, the new owner deletes every in-progress file of a
 * partition it is given before it reads where to resume, and an archiver confirms it still owns a
 * partition with the group coordinator (a commit, which fails once the group has moved on) right before
 * completing a file of it ({@link #stillOwns}). A stalled archiver's file is thus either complete before
 * the new owner looks, or dropped; never an overlapping second copy.
 *
 * <p>Lifecycle: {@link #start} spawns one consumer thread; {@link #close} completes the open files,
 * commits, and stops it. One archiver (or one consumer group of archivers) per archive directory.
 */
public final class Archiver implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Archiver.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final ArchiverConfig config;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final ArchiveDirectory directory;
    private final Map<String, SourceRecordDecoder> decoders = new HashMap<>();
    private final Map<String, org.apache.avro.Schema> archiveSchemas = new HashMap<>();
    private final Map<TopicPartition, PartitionFile> open = new HashMap<>();
    private final Map<TopicPartition, Long> lastArchived = new HashMap<>();
    private final Map<TopicPartition, OffsetAndMetadata> completedUpTo = new HashMap<>();
    /** Partitions whose file was dropped as no longer owned: the rest of the current poll's records are skipped. */
    private final Set<TopicPartition> droppedThisPoll = new HashSet<>();
    /** This archiver's id in its in-progress file names. */
    private final String writerId = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    private final AtomicLong recordsArchived = new AtomicLong();
    private final AtomicLong filesCompleted = new AtomicLong();
    private final AtomicLong recordsDeleted = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean caughtUpRequested;
    private volatile boolean caughtUp;
    private volatile Throwable failure;
    private Map<TopicPartition, Long> catchUpTargets;

    private Archiver(ArchiverConfig config, SchemaRegistry registry) {
        this.config = config;
        this.directory = new ArchiveDirectory(config.directory());
        for (ArchiveSource source : config.sources()) {
            decoders.put(source.topic(), new SourceRecordDecoder(registry, source.eventSchema()));
            archiveSchemas.put(source.topic(), ArchiveSchema.forEvents(source.eventSchema()));
        }
        this.consumer = new KafkaConsumer<>(consumerProperties(config), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "lockstep-archiver");
    }

    /** Starts archiving on a new thread; returns at once. */
    public static Archiver start(ArchiverConfig config, SchemaRegistry registry) {
        Archiver archiver = new Archiver(config, registry);
        archiver.consumer.subscribe(archiver.decoders.keySet(), archiver.new Rebalance());
        archiver.thread.start();
        LOG.info("archiving {} into {}", archiver.decoders.keySet(), config.directory());
        return archiver;
    }

    /** Records in completed (durable) files since start. */
    public long recordsArchived() {
        return recordsArchived.get();
    }

    /** Records the topic's retention deleted before they could be archived, since start (each span is logged). */
    public long recordsDeleted() {
        return recordsDeleted.get();
    }

    /** Files completed since start. */
    public long filesCompleted() {
        return filesCompleted.get();
    }

    /** Why the archiver stopped on its own (e.g. the schema registry became unreachable), if it did. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    public boolean isRunning() {
        return thread.isAlive();
    }

    /**
     * Waits until every assigned partition is archived, in completed files, up to the end it had when
     * this was called (open files are completed early for it). Returns false on timeout or failure.
     */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        caughtUpRequested = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!caughtUp && thread.isAlive() && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(50);
        }
        return caughtUp;
    }

    /** Completes the open files, commits, and stops. Safe to call twice. */
    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        boolean clean = false;
        try {
            while (running) {
                droppedThisPoll.clear();
                for (ConsumerRecord<byte[], byte[]> record : poll()) {
                    archive(record);
                }
                completeDue();
                commitCompleted();
                checkCaughtUp();
            }
            clean = true;
        } catch (WakeupException e) {
            clean = !running; // woken by close(): a normal stop
        } catch (RuntimeException | Error e) {
            failure = e;
            LOG.error("archiver stopped: {}", e.getMessage(), e);
        } finally {
            finish(clean);
        }
    }

    /**
     * A poll; a position retention has deleted meanwhile (the archiver fell behind it) is recorded as a gap and
     * the partition goes on from its first record left.
     */
    private ConsumerRecords<byte[], byte[]> poll() {
        try {
            return consumer.poll(POLL);
        } catch (OffsetOutOfRangeException e) {
            Map<TopicPartition, Long> logStarts = consumer.beginningOffsets(e.offsetOutOfRangePartitions().keySet());
            e.offsetOutOfRangePartitions().forEach((tp, from) -> skipDeleted(tp, from, logStarts.get(tp)));
            return ConsumerRecords.empty();
        }
    }

    /**
     * Positions a partition whose records from {@code from} on were (partly) deleted by retention before they were
     * archived: the span up to its first record left is recorded in the directory and logged, never skipped
     * silently, and the partition resumes there.
     */
    private void skipDeleted(TopicPartition tp, long from, long logStart) {
        if (logStart <= from) {
            throw new IllegalStateException("offset " + from + " of " + tp + " is out of range but not before the log"
                    + " start " + logStart + ": the partition was truncated or recreated; the archive cannot go on");
        }
        PartitionFile file = open.get(tp);
        if (file != null && !complete(tp)) { // no file spans the gap
            from = file.firstOffset(); // dropped, and its records are gone from the topic too: part of the gap
        }
        directory.recordDeleted(tp.topic(), tp.partition(), from, logStart - 1);
        recordsDeleted.addAndGet(logStart - from);
        LOG.error("offsets {}..{} of {} were deleted by the topic's retention before they were archived: the archive "
                + "misses them (recorded in {}); archiving goes on from {}", from, logStart - 1, tp,
                ArchiveFileName.deleted(tp.topic(), tp.partition(), from, logStart - 1), logStart);
        consumer.seek(tp, logStart);
        lastArchived.put(tp, logStart - 1);
    }

    private void archive(ConsumerRecord<byte[], byte[]> record) {
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        if (droppedThisPoll.contains(tp)) {
            return;
        }
        Long last = lastArchived.get(tp);
        if (last != null && record.offset() <= last) {
            // Cannot happen after the seek on assignment; refusing it keeps the archive free of doubles regardless.
            LOG.warn("skipping {}@{}: offset already archived (up to {})", tp, record.offset(), last);
            return;
        }
        RecordPosition position = new RecordPosition(record.topic(), record.partition(), record.offset(), record.timestamp());
        ArchivedRecord archived = decoders.get(record.topic()).decode(position, record.key(), record.value());
        PartitionFile file = open.computeIfAbsent(tp, unused -> PartitionFile.open(config.directory(), tp.topic(),
                tp.partition(), record.offset(), writerId, archiveSchemas.get(tp.topic())));
        file.append(archived);
        lastArchived.put(tp, record.offset());
        if (file.records() >= config.recordsPerFile()) {
            complete(tp);
        }
    }

    private void completeDue() {
        long now = System.nanoTime();
        for (TopicPartition tp : open.keySet().toArray(TopicPartition[]::new)) {
            if (open.get(tp).ageNanos(now) >= config.maxFileAge().toNanos()) {
                complete(tp);
            }
        }
    }

    /** Completes the partition's open file; false when it was dropped instead ({@link #drop}). */
    private boolean complete(TopicPartition tp) {
        PartitionFile file = open.remove(tp);
        if (!stillOwns(tp, file) || file.complete().isEmpty()) {
            drop(tp, file);
            return false;
        }
        recordsArchived.addAndGet(file.records());
        filesCompleted.incrementAndGet();
        completedUpTo.put(tp, new OffsetAndMetadata(file.lastOffset() + 1));
        return true;
    }

    /**
     * Whether the group still gives this archiver the partition, asked of the coordinator right before a file of
     * it is completed: a commit of the file's first offset (where the partition resumed, so durable already),
     * which fails once the group has handed the partition to another member, e.g. after this one stalled past
     * {@code max.poll.interval.ms} without knowing it. One round trip per completed file.
     */
    private boolean stillOwns(TopicPartition tp, PartitionFile file) {
        try {
            consumer.commitSync(Map.of(tp, new OffsetAndMetadata(file.firstOffset())));
            return true;
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
            return stillOwns(tp, file); // close()'s wake-up, consumed by this throw (see commitCompleted)
        } catch (KafkaException e) {
            LOG.warn("{}: cannot confirm this archiver still owns the partition ({}): its file of offsets {}..{} is"
                    + " dropped, not completed", tp, e.toString(), file.firstOffset(), file.lastOffset());
            return false;
        }
    }

    /**
     * Drops a file this archiver may no longer complete: its records are archived by the partition's new owner, or,
     * if this archiver keeps the partition after all, read again from the file's first offset.
     */
    private void drop(TopicPartition tp, PartitionFile file) {
        file.abandon();
        LOG.warn("{}: offsets {}..{} not archived by this archiver: the partition was given to another member of group"
                + " {}, or could not be confirmed as still ours", tp, file.firstOffset(), file.lastOffset(),
                config.groupId());
        droppedThisPoll.add(tp);
        lastArchived.put(tp, file.firstOffset() - 1);
        if (consumer.assignment().contains(tp)) {
            consumer.seek(tp, file.firstOffset());
        }
    }

    private void commitCompleted() {
        if (completedUpTo.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(completedUpTo);
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
            // close()'s wake-up, met here instead of in poll (a busy topic): consumed by this throw, so the
            // commit of what the stop completed goes through on a second try, and the stop stays a clean one.
            commitCompleted();
            return;
        } catch (RuntimeException e) {
            // Offsets are for lag monitoring only; the directory says where to resume.
            LOG.warn("could not commit archived offsets {}: {}", completedUpTo, e.getMessage());
        }
        completedUpTo.clear();
    }

    private void checkCaughtUp() {
        if (!caughtUpRequested || caughtUp || consumer.assignment().isEmpty()) {
            return;
        }
        if (catchUpTargets == null) {
            catchUpTargets = new HashMap<>(consumer.endOffsets(consumer.assignment()));
        }
        boolean all = true;
        for (Map.Entry<TopicPartition, Long> target : catchUpTargets.entrySet()) {
            TopicPartition tp = target.getKey();
            if (consumer.position(tp) >= target.getValue()) {
                if (open.containsKey(tp)) {
                    complete(tp);
                }
            } else {
                all = false;
            }
        }
        commitCompleted();
        caughtUp = all;
    }

    private void finish(boolean clean) {
        try {
            if (clean) {
                for (TopicPartition tp : open.keySet().toArray(TopicPartition[]::new)) {
                    complete(tp);
                }
                commitCompleted();
            } else {
                open.values().forEach(PartitionFile::abandon);
                open.clear();
            }
        } catch (RuntimeException e) {
            if (failure == null) {
                failure = e;
            }
            LOG.error("archiver could not complete its open files: {}", e.getMessage(), e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
            LOG.info("archiver stopped: {} records in {} files since start", recordsArchived.get(), filesCompleted.get());
        }
    }

    private static Properties consumerProperties(ArchiverConfig config) {
        Properties props = new Properties();
        props.putAll(config.consumerOverrides());
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // Every assigned partition is positioned by hand (from the directory, or at its beginning), and a position
        // retention deleted meanwhile must be recorded as a gap, not reset past silently (skipDeleted).
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        return props;
    }

    /** Completes files of partitions taken away, and positions assigned ones from the directory. */
    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            for (TopicPartition tp : partitions) {
                if (open.containsKey(tp)) {
                    complete(tp);
                }
                lastArchived.remove(tp);
            }
            commitCompleted();
            catchUpTargets = null;
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            // Another archiver may own them already: what is not completed is dropped and read again there.
            for (TopicPartition tp : partitions) {
                PartitionFile file = open.remove(tp);
                if (file != null) {
                    file.abandon();
                }
                lastArchived.remove(tp);
                completedUpTo.remove(tp);
            }
            catchUpTargets = null;
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            Map<TopicPartition, Long> logStarts = partitions.isEmpty() ? Map.of() : consumer.beginningOffsets(partitions);
            for (TopicPartition tp : partitions) {
                int stale = directory.deleteInProgress(tp.topic(), tp.partition());
                OptionalLong last = directory.lastArchivedOffset(tp.topic(), tp.partition());
                long logStart = logStarts.get(tp);
                if (last.isPresent() && logStart > last.getAsLong() + 1) {
                    skipDeleted(tp, last.getAsLong() + 1, logStart);
                } else if (last.isPresent()) {
                    consumer.seek(tp, last.getAsLong() + 1);
                    lastArchived.put(tp, last.getAsLong());
                } else {
                    consumer.seekToBeginning(List.of(tp));
                }
                LOG.info("archiving {} from offset {} ({} stale in-progress file(s) deleted)", tp,
                        last.isPresent() ? Math.max(last.getAsLong() + 1, logStart) : logStart + " (beginning)", stale);
            }
            catchUpTargets = null;
        }
    }
}
