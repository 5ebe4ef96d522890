package dev.lockstep.batch.bench;

import dev.lockstep.batch.archive.ArchiveWriter;
import dev.lockstep.batch.archive.ArchivedRecord;
import dev.lockstep.features.event.RecordPosition;
import java.nio.file.Path;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** The benchmarks' archive: valid example transactions, seeded, so every run reads the same records. */
public final class BenchArchive {

    public static final long START = 1_767_225_600_000L; // 2026-01-01T00:00Z
    public static final long MINUTE = 60_000L;

    private BenchArchive() {
    }

    /** N transactions of {@code cards} cards arriving over {@code minutes}, 4 partitions, files of 500k records. */
    public static void write(Path dir, Schema schema, long events, int cards, int minutes) {
        int partitions = 4;
        Random random = new Random(1);
        ArchiveWriter[] writers = new ArchiveWriter[partitions];
        long[] offsets = new long[partitions];
        for (int p = 0; p < partitions; p++) {
            writers[p] = new ArchiveWriter(dir, "payments.transactions-p" + p, schema, 500_000);
        }
        String[] countries = {"FR", "DE", "ES", "IT"};
        for (long i = 0; i < events; i++) {
            long arrival = START + i * minutes * MINUTE / events;
            int card = random.nextInt(cards);
            int partition = card % partitions;
            GenericRecord record = new GenericData.Record(schema);
            record.put("txn_id", "t" + i);
            record.put("card_id", "card-" + card);
            record.put("merchant_id", "m" + random.nextInt(500));
            record.put("amount", random.nextInt(100_000) / 100.0);
            record.put("currency", "EUR");
            record.put("country", countries[random.nextInt(4)]);
            record.put("event_time", arrival - random.nextInt((int) (5 * MINUTE)));
            record.put("channel", "pos");
            writers[partition].write(ArchivedRecord.decoded(
                    new RecordPosition("payments.transactions", partition, offsets[partition]++, arrival), null, record));
        }
        for (ArchiveWriter writer : writers) {
            writer.close();
        }
    }
}
