package dev.lockstep.parity.harness;

import dev.lockstep.parity.oracle.Oracle;
import dev.lockstep.parity.report.RowKey;
import dev.lockstep.parity.report.SideValues;
import java.util.Collection;

/** The oracle's values as a side of the comparison. */
public final class OracleSide {

    private OracleSide() {
    }

    public static SideValues values(String name, Oracle oracle, Collection<String> entities, Collection<Long> times) {
        SideValues side = new SideValues(name);
        for (long t : times) {
            for (String group : oracle.groupNames()) {
                for (String entity : entities) {
                    side.put(new RowKey(t, group, entity), oracle.valuesAt(group, entity, t));
                }
            }
        }
        return side;
    }
}
