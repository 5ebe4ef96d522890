package dev.lockstep.features.bench;

import dev.lockstep.features.event.EventView;
import dev.lockstep.features.event.MapEventView;
import dev.lockstep.features.event.RecordPosition;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * Card transactions for benchmarks: Zipf-like skew over cards (a few hot ones), a few hundred
 * merchants, arrivals a few ms apart, event times slightly before arrival.
 */
final class CardTransactions {

    static final String[] COUNTRIES = {"DE", "FR", "NL", "US", "BR", "GB", "ES", "IT"};

    final EventView[] events;
    final RecordPosition[] positions;

    CardTransactions(int count, int cards, long start, long spacingMillis, long seed) {
        Random random = new Random(seed);
        events = new EventView[count];
        positions = new RecordPosition[count];
        long arrival = start;
        for (int i = 0; i < count; i++) {
            arrival += random.nextInt((int) spacingMillis + 1);
            Map<String, Object> fields = new HashMap<>();
            fields.put("txn_id", "t" + i);
            fields.put("card_id", "card-" + skewed(random, cards));
            fields.put("merchant_id", "m" + random.nextInt(300));
            fields.put("amount", Math.round(random.nextDouble() * 30_000) / 100.0);
            fields.put("currency", "EUR");
            fields.put("country", random.nextInt(20) == 0 ? null : COUNTRIES[random.nextInt(COUNTRIES.length)]);
            fields.put("event_time", arrival - random.nextInt(30_000));
            events[i] = new MapEventView(fields);
            positions[i] = new RecordPosition("payments.transactions", i % 4, i / 4, arrival);
        }
    }

    /** Roughly Zipf: half the traffic on 1% of the cards. */
    private static int skewed(Random random, int cards) {
        return random.nextBoolean() ? random.nextInt(Math.max(1, cards / 100)) : random.nextInt(cards);
    }
}
