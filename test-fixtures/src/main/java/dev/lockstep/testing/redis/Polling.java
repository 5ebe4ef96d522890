package dev.lockstep.testing.redis;

import dev.lockstep.testing.FixtureException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for servers the fixtures started to reach a state, polling every 50 ms. */
final class Polling {

    private Polling() {
    }

    /**
     * Returns once {@code holds} is true; after {@code timeout} fails naming {@code what} and the servers'
     * {@code state} then.
     */
    static void await(String what, Duration timeout, BooleanSupplier holds, Supplier<String> state) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (holds.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FixtureException("interrupted while waiting for " + what, e);
            }
        }
        throw new FixtureException("timed out after " + timeout + " waiting for " + what + ": " + state.get());
    }
}
