package dev.lockstep.streaming;

import dev.lockstep.features.engine.GroupPlan;
import dev.lockstep.features.engine.SourcePlan;
import dev.lockstep.features.spec.FeatureSpec;
import dev.lockstep.store.GroupLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The online-store layouts of the groups this app streams, computed from the spec. */
public final class OnlineStoreLayouts {

    private OnlineStoreLayouts() {
    }

    /**
     * One layout per streamed group: key TTL from the group plan; each hop's retention is the plan's (the
     * longest window with that hop plus a hop) plus the allowed lateness, so a tile is never refused as
     * expired while it can still be updated or read.
     */
    public static List<GroupLayout> of(FeatureSpec spec) {
        List<GroupLayout> layouts = new ArrayList<>();
        for (SourcePlan source : FeatureTopology.streamedSources(spec)) {
            Duration lateness = source.source().allowedLateness();
            for (GroupPlan group : source.groups()) {
                if (!group.spec().isStreamed()) {
                    continue;
                }
                Map<Long, Duration> retention = new LinkedHashMap<>();
                group.retentionByHop().forEach((hop, kept) -> retention.put(hop, kept.plus(lateness)));
                layouts.add(new GroupLayout(group.name(), group.keyTtl(), retention));
            }
        }
        return layouts;
    }
}
