package dev.lockstep.features.accept;

import java.util.Objects;

/** The outcome of the acceptance rules for one source record. */
public sealed interface Verdict {

    /** The record is accepted; here is what the engine keeps of it. */
    record Accepted(AcceptedEvent event) implements Verdict {
        public Accepted {
            Objects.requireNonNull(event, "event");
        }
    }

    /** The record is rejected and goes to the dead-letter topic with this reason and message. */
    record Rejected(RejectReason reason, String message) implements Verdict {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }
    }
}
