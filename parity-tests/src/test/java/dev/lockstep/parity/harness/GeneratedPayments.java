package dev.lockstep.parity.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The seeded event stream, one burst at a time, with event times relative to the burst's wall clock: hot
 * keys, out-of-order events, duplicates (same id, account and event time, other payload), events without
 * an id, nulls in every nullable column, empty strings, doubles over a wide range of magnitudes (so that a
 * naive sum would differ from the exact one), and poison: records too late, too far in the future, with
 * NaN or infinite amounts, without account or event time, undecodable bytes, truncated records, unknown
 * schema ids and unreadable schemas. Whether a record is accepted is decided by its broker arrival time
 * (the oracle reads that back), so records near a bound may go either way; both sides must agree anyway.
 */
public final class GeneratedPayments {

    /** One record to produce. */
    public record Produced(byte[] key, byte[] value) {
    }

    private static final long MINUTE = 60_000L;
    private static final String[] COUNTRIES = {"DE", "FR", "NL", "US", ""};

    private final Payments payments;
    private final Random random;
    private final int accounts;
    private final List<Object[]> sent = new ArrayList<>();
    private int sequence;

    public GeneratedPayments(Payments payments, long seed, int accounts) {
        this.payments = payments;
        this.random = new Random(seed);
        this.accounts = accounts;
    }

    /** Every account key the stream can use, plus one it never uses. */
    public List<String> accountUniverse() {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            all.add("hot" + i);
        }
        for (int i = 0; i < accounts; i++) {
            all.add("acct" + i);
        }
        all.add("never-seen");
        return all;
    }

    public List<Produced> burst(long now, int count) {
        List<Produced> out = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            out.add(next(now));
        }
        return out;
    }

    private Produced next(long now) {
        int i = sequence++;
        String account = random.nextInt(2) == 0 ? "hot" + random.nextInt(4) : "acct" + random.nextInt(accounts);
        long eventTime = now - random.nextInt((int) (9 * MINUTE)) + random.nextInt(50_000);
        double amount = amount();
        Long items = random.nextInt(5) == 0 ? null : (long) (random.nextInt(1_000) - 5);
        String merchant = random.nextInt(30) == 0 ? "" : "m" + random.nextInt(25);
        String country = random.nextInt(7) == 0 ? null : COUNTRIES[random.nextInt(COUNTRIES.length)];
        byte[] key = Payments.key(account);
        int roll = random.nextInt(100);
        if (roll < 2) {
            return new Produced(key, Payments.garbage(i));
        } else if (roll < 3) {
            return new Produced(key, payments.truncated(Payments.record("p" + i, account, eventTime, amount, items, merchant, country)));
        } else if (roll < 4) {
            return new Produced(key, Payments.unknownSchemaId());
        } else if (roll < 5) {
            return new Produced(key, payments.unrelatedSchema(i));
        } else if (roll < 8) {
            long late = now - 10 * MINUTE - 30_000 - random.nextInt((int) (30 * MINUTE));
            return encoded(key, "p" + i, account, late, amount, items, merchant, country);
        } else if (roll < 10) {
            long future = now + MINUTE + 30_000 + random.nextInt((int) (60 * MINUTE));
            return encoded(key, "p" + i, account, future, amount, items, merchant, country);
        } else if (roll < 12) {
            double invalid = List.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY).get(random.nextInt(3));
            return encoded(key, "p" + i, account, eventTime, invalid, items, merchant, country);
        } else if (roll < 13) {
            String noAccount = random.nextBoolean() ? null : "";
            return encoded(Payments.key("acct0"), "p" + i, noAccount, eventTime, amount, items, merchant, country);
        } else if (roll < 14) {
            return encoded(key, "p" + i, account, null, amount, items, merchant, country);
        } else if (roll < 22 && !sent.isEmpty()) {
            Object[] original = sent.get(random.nextInt(sent.size()));
            return encoded(Payments.key((String) original[1]), (String) original[0], (String) original[1],
                    (Long) original[2], amount, items, merchant, country);
        } else if (roll < 25) {
            return encoded(key, null, account, eventTime, amount, items, merchant, country);
        }
        sent.add(new Object[] {"p" + i, account, eventTime});
        return encoded(key, "p" + i, account, eventTime, amount, items, merchant, country);
    }

    /** Cents, wide magnitudes, exact integers and signed zeros. */
    private double amount() {
        return switch (random.nextInt(5)) {
            case 0 -> Math.round(random.nextDouble() * 50_000) / 100.0;
            case 1 -> (random.nextDouble() * 2 - 1) * Math.pow(10, random.nextInt(24) - 8);
            case 2 -> random.nextInt(2_000_001) - 1_000_000;
            case 3 -> random.nextBoolean() ? 0.1 * random.nextInt(10) : -0.0;
            default -> random.nextDouble();
        };
    }

    private Produced encoded(byte[] key, String id, String account, Long eventTime, double amount, Long items,
                             String merchant, String country) {
        return new Produced(key, payments.encode(Payments.record(id, account, eventTime, amount, items, merchant, country)));
    }
}
