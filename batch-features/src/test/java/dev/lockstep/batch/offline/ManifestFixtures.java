package dev.lockstep.batch.offline;

import dev.lockstep.batch.recompute.SpecHandle;
import java.time.Instant;
import java.util.TreeMap;

/** Days, the example spec and manifests, for the tests of table manifests and their checks. */
final class ManifestFixtures {

    static final Instant DAY1 = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant DAY2 = Instant.parse("2026-01-02T00:00:00Z");
    static final Instant DAY3 = Instant.parse("2026-01-03T00:00:00Z");
    static final SpecHandle SPEC = SpecHandle.ofResource("examples/fraud/features.yaml");
    static final String CARD_TXN_FORMAT = SPEC.plan("transactions").group("card_txn").tileFormat();

    private ManifestFixtures() {
    }

    /** A manifest of these groups: card_txn in the example spec's format, any other in a made-up one. */
    static TableManifest manifest(Instant from, Instant to, Instant settledUntil, String... groups) {
        TreeMap<String, String> formats = new TreeMap<>();
        for (String group : groups) {
            formats.put(group, group.equals("card_txn") ? CARD_TXN_FORMAT : "60000=v1:0000000" + group.length());
        }
        return new TableManifest(from, to, formats, settledUntil);
    }
}
