package dev.lockstep.batch.cli;

import dev.lockstep.batch.recompute.ArchiveRange;
import dev.lockstep.batch.recompute.SpecHandle;
import java.util.Map;
import java.util.Set;

/**
 * Checked arguments of a recompute-based command, all but the arrival range: the spec and the groups
 * per source. An incremental backfill reads the range from Redis only once it knows the groups.
 */
record JobSelection(InputOptions options, SpecHandle spec, Map<String, Set<String>> groupsBySource) {

    BatchJob over(ArchiveRange range) {
        return new BatchJob(this, range);
    }
}
