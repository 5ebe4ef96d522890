package dev.lockstep.parity.report;

import java.util.Comparator;
import java.util.Objects;

/** One compared row: a feature group's values for one entity at one read time. */
public record RowKey(long readTimeMillis, String group, String entity) implements Comparable<RowKey> {

    private static final Comparator<RowKey> ORDER = Comparator.comparingLong(RowKey::readTimeMillis)
            .thenComparing(RowKey::group).thenComparing(RowKey::entity);

    public RowKey {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(entity, "entity");
    }

    @Override
    public int compareTo(RowKey other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return group + "/" + entity + "@" + readTimeMillis;
    }
}
