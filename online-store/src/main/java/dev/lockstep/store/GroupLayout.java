package dev.lockstep.store;

import dev.lockstep.features.engine.GroupPlan;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * How long the store keeps one feature group's data, registered when the store is built. Every writer
 * of a group must register the same layout, so take it from the engine with {@link #of(GroupPlan)}:
 * {@code keyTtl} = longest window + its hop + allowed lateness; each hop's retention = the longest
 * window using that hop + one hop (no read at a later time needs an older tile, so refusing a late
 * write to one loses nothing).
 *
 * @param group                the group name: letters, digits, {@code _ . -} (it sits inside Redis keys)
 * @param keyTtl               TTL of an entity's key, reset on every write
 * @param retentionByHopMillis for every hop the group writes: how long after its end a tile may still
 *                             be read; older tiles are deleted
 */
public record GroupLayout(String group, Duration keyTtl, Map<Long, Duration> retentionByHopMillis) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.\\-]+");

    /** The layout of a planned group: the one definition every writer and reader registers. */
    public static GroupLayout of(GroupPlan plan) {
        return new GroupLayout(plan.name(), plan.keyTtl(), plan.retentionByHop());
    }

    public GroupLayout {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(keyTtl, "keyTtl");
        Objects.requireNonNull(retentionByHopMillis, "retentionByHopMillis");
        if (!NAME.matcher(group).matches()) {
            throw invalid(group, "group", group, "must match " + NAME.pattern());
        }
        if (keyTtl.isNegative() || keyTtl.isZero()) {
            throw invalid(group, "keyTtl", keyTtl, "must be positive");
        }
        if (retentionByHopMillis.isEmpty()) {
            throw invalid(group, "retentionByHopMillis", retentionByHopMillis, "must name at least one hop");
        }
        retentionByHopMillis.forEach((hop, retention) -> {
            if (hop == null || hop <= 0) {
                throw invalid(group, "hop", hop, "must be positive");
            }
            if (retention == null || retention.isNegative()) {
                throw invalid(group, "retention of hop " + hop + " ms", retention, "must be non-negative");
            }
            if (retention.compareTo(keyTtl) > 0) {
                throw invalid(group, "retention of hop " + hop + " ms", retention,
                        "exceeds keyTtl " + keyTtl + ": the key would expire before its tiles do");
            }
        });
        retentionByHopMillis = Map.copyOf(new TreeMap<>(retentionByHopMillis));
    }

    /** The retention of a hop, or an error naming the group and its registered hops. */
    public Duration retentionOf(long hopMillis) {
        Duration retention = retentionByHopMillis.get(hopMillis);
        if (retention == null) {
            throw new OnlineStoreException("hop " + hopMillis + " ms is not registered for group " + group
                    + " (registered: " + new TreeMap<>(retentionByHopMillis).keySet() + ")");
        }
        return retention;
    }

    private static OnlineStoreException invalid(String group, String what, Object value, String reason) {
        return new OnlineStoreException("invalid value " + value + " for " + what + " of group layout "
                + group + ": " + reason);
    }
}
