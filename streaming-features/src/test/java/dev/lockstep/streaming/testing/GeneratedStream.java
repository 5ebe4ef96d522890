package dev.lockstep.streaming.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded stream of example transactions with hot keys, out-of-order and late events, events too far in
 * the future, duplicates (same id, card and event time, other payload), NaN amounts, missing card ids,
 * garbage bytes and unknown schema ids. Event times are relative to {@code now}.
 */
public final class GeneratedStream {

    /** One record to produce: key and value bytes. */
    public record Produced(byte[] key, byte[] value) {
    }

    private GeneratedStream() {
    }

    public static List<Produced> generate(Transactions tx, long now, int count, long seed) {
        Random random = new Random(seed);
        List<Produced> out = new ArrayList<>(count);
        List<Object[]> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int roll = random.nextInt(100);
            // Hot keys: five cards get about half of the traffic.
            String card = random.nextBoolean() ? "hot" + random.nextInt(5) : "card" + random.nextInt(200);
            long eventTime = now - random.nextInt(8 * 60_000) + random.nextInt(40_000);
            double amount = Math.round(random.nextDouble() * 50_000) / 100.0;
            String merchant = "m" + random.nextInt(40);
            String country = random.nextInt(10) == 0 ? null : List.of("DE", "FR", "NL", "US").get(random.nextInt(4));
            if (roll < 3) {
                out.add(new Produced(Transactions.key(card), Transactions.garbage()));
            } else if (roll < 5) {
                out.add(new Produced(Transactions.key(card), Transactions.unknownSchemaId()));
            } else if (roll < 8) {
                out.add(new Produced(Transactions.key(card), tx.encode("late" + i, card, merchant, amount, country,
                        now - 11 * 60_000 - random.nextInt(30 * 60_000))));
            } else if (roll < 10) {
                out.add(new Produced(Transactions.key(card), tx.encode("future" + i, card, merchant, amount, country,
                        now + 3 * 60_000 + random.nextInt(60 * 60_000))));
            } else if (roll < 12) {
                out.add(new Produced(Transactions.key(card), tx.encode("nan" + i, card, merchant, Double.NaN, country, eventTime)));
            } else if (roll < 13) {
                out.add(new Produced(Transactions.key(""), tx.encode("nokey" + i, "", merchant, amount, country, eventTime)));
            } else if (roll < 20 && !sent.isEmpty()) {
                Object[] original = sent.get(random.nextInt(sent.size()));
                out.add(new Produced(Transactions.key((String) original[1]), tx.encode((String) original[0],
                        (String) original[1], merchant, amount, country, (Long) original[2])));
            } else {
                String id = "txn" + i;
                sent.add(new Object[] {id, card, eventTime});
                out.add(new Produced(Transactions.key(card), tx.encode(id, card, merchant, amount, country, eventTime)));
            }
        }
        return out;
    }
}
