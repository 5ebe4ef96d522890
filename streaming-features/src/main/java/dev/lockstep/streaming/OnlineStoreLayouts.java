package dev.lockstep.streaming;

import dev.lockstep.features.engine.GroupPlan;
import dev.lockstep.features.engine.SourcePlan;
import dev.lockstep.features.spec.FeatureSpec;
import dev.lockstep.store.GroupLayout;
import java.util.ArrayList;
import java.util.List;

/** The online-store layouts of the groups this app streams, computed from the spec. */
public final class OnlineStoreLayouts {

    private OnlineStoreLayouts() {
    }

    /** One layout per streamed group, as every writer of the group registers it ({@link GroupLayout#of}). */
    public static List<GroupLayout> of(FeatureSpec spec) {
        List<GroupLayout> layouts = new ArrayList<>();
        for (SourcePlan source : FeatureTopology.streamedSources(spec)) {
            for (GroupPlan group : source.streamedGroups()) {
                layouts.add(GroupLayout.of(group));
            }
        }
        return layouts;
    }
}
