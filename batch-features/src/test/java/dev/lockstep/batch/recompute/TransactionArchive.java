package dev.lockstep.batch.recompute;

import dev.lockstep.batch.archive.ArchiveWriter;
import dev.lockstep.batch.archive.ArchivedRecord;
import dev.lockstep.features.accept.RejectReason;
import dev.lockstep.features.event.RecordPosition;
import dev.lockstep.wire.ConfluentWireFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Seeded example transactions with everything the rules must handle: hot cards, out-of-order event
 * times, duplicates (some with a different payload, some straddling a range start), events later than
 * the allowed lateness or further in the future than the skew, NaN and infinite amounts, null countries,
 * empty card ids and undecodable values. Lateness 10m and skew 1m, as in the example spec.
 */
public final class TransactionArchive {

    public static final String TOPIC = "payments.transactions";
    public static final long MINUTE = 60_000L;
    public static final long START = 1_767_225_600_000L; // 2026-01-01T00:00Z
    public static final int PARTITIONS = 3;

    private final Schema schema;
    private final Random random;
    private final List<Draft> drafts = new ArrayList<>();
    private int nextId;

    private record Draft(long arrival, int partition, GenericRecord event, RejectReason decodeFailure) {
    }

    private TransactionArchive(Schema schema, long seed) {
        this.schema = schema;
        this.random = new Random(seed);
    }

    /**
     * {@code count} transactions arriving over {@code hours} from {@link #START}, plus duplicates placed
     * just after {@code boundary} whose first copies arrived just before it.
     */
    public static List<ArchivedRecord> generate(Schema schema, long seed, int count, int hours, long boundary) {
        TransactionArchive archive = new TransactionArchive(schema, seed);
        for (int i = 0; i < count; i++) {
            archive.addRandom(START + (long) (archive.random.nextDouble() * hours * 60 * MINUTE));
        }
        for (int i = 0; i < 20; i++) {
            long arrival = boundary - 1 - archive.random.nextInt((int) (5 * MINUTE));
            GenericRecord first = archive.transaction(arrival - archive.random.nextInt((int) (3 * MINUTE)));
            archive.add(arrival, first);
            archive.add(boundary + archive.random.nextInt((int) (4 * MINUTE)), archive.copy(first, i % 2 == 0));
        }
        return archive.positioned();
    }

    private void addRandom(long arrival) {
        double kind = random.nextDouble();
        if (kind < 0.005) {
            drafts.add(new Draft(arrival, random.nextInt(PARTITIONS), null, RejectReason.UNDECODABLE));
            return;
        }
        long eventTime = arrival - random.nextInt((int) (9 * MINUTE)); // out of order, within lateness
        if (kind < 0.035) {
            eventTime = arrival - 11 * MINUTE - random.nextInt((int) (20 * MINUTE)); // too late
        } else if (kind < 0.055) {
            eventTime = arrival + 2 * MINUTE + random.nextInt((int) (5 * MINUTE)); // too far in the future
        } else if (kind < 0.075) {
            eventTime = arrival + random.nextInt((int) MINUTE); // in the future, within the skew
        }
        GenericRecord event = transaction(eventTime);
        add(arrival, event);
        if (random.nextDouble() < 0.06) {
            // A copy (a producer retry): later arrival, same id, card and event time; some beyond lateness.
            long delay = 1 + random.nextInt((int) (12 * MINUTE));
            add(arrival + delay, copy(event, random.nextBoolean()));
        }
        if (random.nextDouble() < 0.01) {
            // The same id at another event time is another event, not a duplicate.
            GenericRecord other = copy(event, true);
            other.put("event_time", eventTime + 1);
            add(arrival + 1, other);
        }
    }

    private GenericRecord transaction(long eventTime) {
        GenericRecord record = new GenericData.Record(schema);
        int id = nextId++;
        double hot = random.nextDouble();
        String card = hot < 0.6 ? "hot-" + random.nextInt(5) : "card-" + random.nextInt(200);
        if (hot > 0.995) {
            card = ""; // no entity key
        }
        double amount = Math.round(random.nextDouble() * 100_000) / 100.0 + random.nextDouble() * 1e-9;
        double bad = random.nextDouble();
        if (bad < 0.01) {
            amount = Double.NaN;
        } else if (bad < 0.015) {
            amount = Double.NEGATIVE_INFINITY;
        }
        record.put("txn_id", "t" + id);
        record.put("card_id", card);
        record.put("merchant_id", "m" + random.nextInt(50));
        record.put("amount", amount);
        record.put("currency", "EUR");
        record.put("country", random.nextDouble() < 0.1 ? null : List.of("FR", "DE", "ES", "IT").get(random.nextInt(4)));
        record.put("event_time", eventTime);
        record.put("channel", "pos");
        return record;
    }

    private GenericRecord copy(GenericRecord original, boolean otherPayload) {
        GenericRecord copy = new GenericData.Record((GenericData.Record) original, true);
        if (otherPayload) {
            copy.put("amount", 99.0 + random.nextInt(100));
            copy.put("merchant_id", "m-other");
        }
        return copy;
    }

    private void add(long arrival, GenericRecord event) {
        drafts.add(new Draft(arrival, random.nextInt(PARTITIONS), event, null));
    }

    /** Positions in arrival order: offsets count up per partition, as a broker assigns them. */
    private List<ArchivedRecord> positioned() {
        drafts.sort(Comparator.comparingLong(Draft::arrival));
        long[] offsets = new long[PARTITIONS];
        List<ArchivedRecord> records = new ArrayList<>(drafts.size());
        for (Draft draft : drafts) {
            RecordPosition position = new RecordPosition(TOPIC, draft.partition, offsets[draft.partition]++, draft.arrival);
            records.add(draft.event == null
                    ? ArchivedRecord.undecodable(position, null, draft.decodeFailure)
                    : ArchivedRecord.decoded(position, null, draft.event));
        }
        return records;
    }

    /** Writes the records as an archiver per partition would: one rolling file series per partition. */
    public static void write(List<ArchivedRecord> records, Schema schema, Path dir, int recordsPerFile) {
        for (int p = 0; p < PARTITIONS; p++) {
            int partition = p;
            try (ArchiveWriter writer = new ArchiveWriter(dir, "txn-p" + p, schema, recordsPerFile)) {
                records.stream().filter(r -> r.position().partition() == partition).forEach(writer::write);
            }
        }
    }

    /**
     * The record as a producer sends it to the source topic: its partition, its arrival as the timestamp, the
     * card id as the key, the event in the Confluent wire format (or, for an undecodable one, bytes that
     * name a schema id no registry knows).
     */
    public static ProducerRecord<byte[], byte[]> producerRecord(ConfluentWireFormat wire, ArchivedRecord record) {
        byte[] key = record.event() == null ? null
                : record.event().get("card_id").toString().getBytes(StandardCharsets.UTF_8);
        byte[] value = record.event() == null ? new byte[] {0, 0, 0, 0, 1, 9}
                : wire.encode(TOPIC + "-value", record.event());
        return new ProducerRecord<>(record.position().topic(), record.position().partition(),
                record.position().arrivalMillis(), key, value);
    }
}
