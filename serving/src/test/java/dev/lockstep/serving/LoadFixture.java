package dev.lockstep.serving;

import dev.lockstep.features.spec.FeatureSpec;
import dev.lockstep.features.spec.FeatureSpecLoader;
import dev.lockstep.store.RedisOnlineStore;
import java.time.Clock;

/**
 * The data of serving/bench/load.sh: one card with a payment every hour for 31 days (so the 30-day window
 * reads a month of tiles) written to Redis through the engine's acceptance and tile folding, then the
 * source's streaming heartbeat every 5 s so the group stays fresh for the whole run. Runs until killed.
 * Arguments: Redis URI, card id.
 */
public final class LoadFixture {

    private LoadFixture() {
    }

    public static void main(String[] args) throws InterruptedException {
        FeatureSpec spec = FeatureSpecLoader.loadResource("examples/fraud/features.yaml");
        Clock clock = Clock.systemUTC();
        long now = clock.millis();
        try (RedisOnlineStore store = RedisOnlineStore.connect(args[0], FeatureServer.layoutsFor(spec), clock)) {
            TileFixture events = new TileFixture(spec);
            long hour = 3_600_000L;
            for (int h = 31 * 24; h >= 1; h--) {
                long t = now - h * hour + 17_000;
                events.txn(args[1], t, t + 500, 10 + (h % 37), "m" + (h % 11), h % 5 == 0 ? "DE" : "FR");
            }
            events.writeTo(store);
            System.out.println("wrote " + 31 * 24 + " payments of card " + args[1]);
            System.out.flush();
            while (true) {
                store.publishStreamingWatermark(TileFixture.STREAMED_GROUP, TileFixture.TOPIC, 0, clock.millis() - 1_000, clock.millis());
                Thread.sleep(5_000);
            }
        }
    }
}
