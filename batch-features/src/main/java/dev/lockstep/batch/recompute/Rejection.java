package dev.lockstep.batch.recompute;

import dev.lockstep.features.accept.RejectReason;
import java.io.Serializable;
import java.util.Objects;

/** An archive record the acceptance rules rejected, with where it came from and why. */
public record Rejection(String topic, int partition, long offset, long arrival, RejectReason reason, String message)
        implements Serializable {

    public Rejection {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return reason + " " + topic + "/" + partition + "@" + offset + ": " + message;
    }
}
