package dev.lockstep.features.bench;

import dev.lockstep.features.event.AvroEventView;
import dev.lockstep.features.event.EventView;
import dev.lockstep.features.event.RecordPosition;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Card transactions for benchmarks, as Avro records of the example schema (what streaming decodes):
 * Zipf-like skew over cards (a few hot ones), a few hundred merchants, arrivals a few ms apart, event
 * times slightly before arrival.
 */
final class CardTransactions {

    static final String[] COUNTRIES = {"DE", "FR", "NL", "US", "BR", "GB", "ES", "IT"};

    final EventView[] events;
    final RecordPosition[] positions;

    CardTransactions(Schema schema, int count, int cards, long start, long spacingMillis, long seed) {
        Random random = new Random(seed);
        events = new EventView[count];
        positions = new RecordPosition[count];
        long arrival = start;
        for (int i = 0; i < count; i++) {
            arrival += random.nextInt((int) spacingMillis + 1);
            GenericRecord record = new GenericData.Record(schema);
            record.put("txn_id", "t" + i);
            record.put("card_id", "card-" + skewed(random, cards));
            record.put("merchant_id", "m" + random.nextInt(300));
            record.put("amount", Math.round(random.nextDouble() * 30_000) / 100.0);
            record.put("currency", "EUR");
            record.put("country", random.nextInt(20) == 0 ? null : COUNTRIES[random.nextInt(COUNTRIES.length)]);
            record.put("event_time", arrival - random.nextInt(30_000));
            record.put("channel", "pos");
            events[i] = new AvroEventView(record);
            positions[i] = new RecordPosition("payments.transactions", i % 4, i / 4, arrival);
        }
    }

    /** Roughly Zipf: half the traffic on 1% of the cards. */
    private static int skewed(Random random, int cards) {
        return random.nextBoolean() ? random.nextInt(Math.max(1, cards / 100)) : random.nextInt(cards);
    }
}
