package dev.lockstep.batch.recompute;

import java.io.Serializable;
import java.util.Objects;

/** A training label: an entity, the time its features are wanted at, and the label value. */
public record Label(String entity, long timeMillis, double value) implements Serializable {

    public Label {
        Objects.requireNonNull(entity, "entity");
    }
}
