package dev.lockstep.features.oracle;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded random event streams for {@link TestSpecs#everyAggregation()}: hot keys, several partitions,
 * out-of-order event times, duplicates (some with different payloads and on other partitions), events
 * on both sides of the lateness and skew bounds, NaN, infinities, nulls, missing keys and times, and
 * idle gaps long enough for windows to empty.
 */
public final class EventStreams {

    public static final long EPOCH = 1_700_000_000_000L;
    private static final String[] MERCHANTS = {"m01", "m02", "m03", "m04", "m05", "m06", "m07", "m08", "m09", "m10",
            "m11", "m12", "m13", "m14", "m15", "m16", "m17", "m18", "m19", "m20"};
    private static final String[] COUNTRIES = {"DE", "FR", "NL", "US", "BR"};

    private final Random random;
    private final long lateness = TestSpecs.LATENESS.toMillis();
    private final long skew = TestSpecs.SKEW.toMillis();

    public EventStreams(long seed) {
        this.random = new Random(seed);
    }

    public List<RawRecord> generate(int maxRecords) {
        int partitions = 1 + random.nextInt(3);
        int entities = 1 + random.nextInt(4);
        long[] arrival = new long[partitions];
        long[] offset = new long[partitions];
        long start = EPOCH + random.nextInt(86_400_000);
        java.util.Arrays.fill(arrival, start);
        List<RawRecord> records = new ArrayList<>();
        int count = random.nextInt(maxRecords + 1);
        for (int i = 0; i < count; i++) {
            int p = random.nextInt(partitions);
            arrival[p] += nextGap();
            if (!records.isEmpty() && random.nextInt(10) == 0) {
                records.add(duplicateOf(records.get(random.nextInt(records.size())), p, offset[p]++, arrival[p]));
                continue;
            }
            Map<String, Object> fields = new HashMap<>();
            fields.put("id", "e" + i);
            fields.put("entity", entity(entities));
            fields.put("ts", eventTime(arrival[p]));
            fields.put("amount", amount());
            fields.put("qty", random.nextInt(10) == 0 ? null : (long) random.nextInt(1000) - 100);
            fields.put("merchant", random.nextInt(15) == 0 ? null : MERCHANTS[random.nextInt(MERCHANTS.length)]);
            fields.put("country", random.nextInt(4) == 0 ? null : COUNTRIES[random.nextInt(COUNTRIES.length)]);
            records.add(new RawRecord(fields, p, offset[p]++, arrival[p]));
        }
        return records;
    }

    /** Read times: mostly where the data is, some after long gaps, a few before it. */
    public List<Long> readTimes(List<RawRecord> records, int count) {
        long first = records.stream().mapToLong(RawRecord::arrival).min().orElse(EPOCH);
        long last = records.stream().mapToLong(RawRecord::arrival).max().orElse(EPOCH);
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int kind = random.nextInt(10);
            if (kind < 7) {
                times.add(first + (long) (random.nextDouble() * (last - first + 3_600_000L)));
            } else if (kind < 9) {
                times.add(last + (long) (random.nextDouble() * 32L * 86_400_000L));
            } else {
                times.add(first - random.nextInt(3_600_000));
            }
        }
        if (!records.isEmpty()) {
            times.add(records.get(random.nextInt(records.size())).arrival());
        }
        return times;
    }

    private long nextGap() {
        int kind = random.nextInt(100);
        if (kind < 2) {
            return random.nextInt(3) * 86_400_000L + random.nextInt(86_400_000); // idle: windows expire
        }
        if (kind < 10) {
            return random.nextInt(3_600_000);
        }
        return random.nextInt(120_000);
    }

    private String entity(int entities) {
        int kind = random.nextInt(100);
        if (kind < 2) {
            return null;
        }
        if (kind < 3) {
            return "";
        }
        return "card-" + (kind < 60 ? 0 : random.nextInt(entities));
    }

    private Long eventTime(long arrival) {
        int kind = random.nextInt(100);
        if (kind < 2) {
            return null;
        }
        if (kind < 6) {
            return arrival - lateness - 1 - random.nextInt(600_000); // too late
        }
        if (kind < 9) {
            return arrival + skew + 1 + random.nextInt(600_000); // too far in the future
        }
        if (kind < 15) {
            long[] edges = {arrival - lateness, arrival + skew, arrival - lateness - 1, arrival + skew + 1};
            return edges[random.nextInt(edges.length)];
        }
        return arrival - lateness + (long) (random.nextDouble() * (lateness + skew));
    }

    private Double amount() {
        int kind = random.nextInt(100);
        if (kind < 5) {
            return null;
        }
        if (kind < 8) {
            return Double.NaN;
        }
        if (kind < 10) {
            return random.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        }
        if (kind < 14) {
            double[] awkward = {-0.0, 0.0, 0.1, 1e16, -1e16, 1e-300, 4.9e-324, 1e300, -1e300};
            return awkward[random.nextInt(awkward.length)];
        }
        if (kind < 50) {
            return Math.round(random.nextDouble() * 50_000) / 100.0;
        }
        return (random.nextDouble() - 0.2) * Math.pow(10, random.nextInt(12) - 3);
    }

    private RawRecord duplicateOf(RawRecord original, int partition, long offset, long arrival) {
        Map<String, Object> fields = new HashMap<>(original.fields());
        if (random.nextBoolean()) {
            fields.put("amount", amount()); // same identity, different payload: the first occurrence must win
        }
        return new RawRecord(fields, partition, offset, arrival);
    }
}
