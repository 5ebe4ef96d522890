package dev.lockstep.app.demo;

/**
 * How the demo's event generator behaves. Shares are fractions of all events sent.
 *
 * @param eventsPerSecond mean rate, bursts included
 * @param cards           number of distinct cards
 * @param hotCards        the first {@code hotCards} cards take {@code hotShare} of the traffic
 * @param hotShare        share of events on the hot cards
 * @param burstEverySeconds mean seconds between bursts: one card pays many times within a second
 * @param burstSize       events in one burst
 * @param lateShare       events with an event time 1 to 9 minutes old: late, but within the allowed 10 minutes
 * @param tooLateShare    events 15 minutes old: rejected as TOO_LATE
 * @param futureShare     events 5 minutes ahead: rejected as TOO_FAR_IN_FUTURE
 * @param malformedShare  values that are not Avro at all (UNDECODABLE) or carry a NaN amount (INVALID_VALUE), half each
 * @param duplicateShare  a transaction sent again with the same txn_id (dropped by dedup)
 * @param seed            the random seed, so a run can be repeated
 */
public record GeneratorSettings(double eventsPerSecond, int cards, int hotCards, double hotShare,
                                double burstEverySeconds, int burstSize, double lateShare, double tooLateShare,
                                double futureShare, double malformedShare, double duplicateShare, long seed) {

    public GeneratorSettings {
        if (!(eventsPerSecond > 0)) {
            throw new IllegalArgumentException("Invalid value " + eventsPerSecond + " for events per second: must be positive");
        }
        if (cards < 1 || hotCards < 0 || hotCards > cards) {
            throw new IllegalArgumentException("Invalid values " + cards + " cards, " + hotCards
                    + " hot cards: need at least one card and no more hot cards than cards");
        }
        double bad = lateShare + tooLateShare + futureShare + malformedShare + duplicateShare;
        if (bad > 0.5 || lateShare < 0 || tooLateShare < 0 || futureShare < 0 || malformedShare < 0 || duplicateShare < 0) {
            throw new IllegalArgumentException("Invalid shares of unusual events (sum " + bad
                    + "): each must be >= 0 and together at most 0.5");
        }
    }

    /** The demo's defaults at a given rate: 1,000 cards, 5 of them hot with 30% of events, a burst every 10 s. */
    public static GeneratorSettings defaults(double eventsPerSecond, long seed) {
        return new GeneratorSettings(eventsPerSecond, 1_000, 5, 0.30, 10, 25, 0.03, 0.01, 0.005, 0.01, 0.01, seed);
    }
}
