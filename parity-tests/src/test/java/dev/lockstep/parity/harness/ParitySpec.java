package dev.lockstep.parity.harness;

import dev.lockstep.batch.recompute.SpecHandle;
import dev.lockstep.features.spec.FeatureSpec;
import dev.lockstep.features.spec.FeatureSpecLoader;
import org.apache.avro.Schema;

/** The parity suite's spec (every aggregation and hop, two groups on one source) and its names. */
public final class ParitySpec {

    public static final String RESOURCE = "parity/features.yaml";
    public static final FeatureSpec SPEC = FeatureSpecLoader.loadResource(RESOURCE);
    public static final SpecHandle HANDLE = SpecHandle.ofResource(RESOURCE);
    public static final String SOURCE = "payments";
    public static final String TOPIC = SPEC.source(SOURCE).orElseThrow().topic();
    public static final String DLQ_TOPIC = TOPIC + ".dlq";
    public static final Schema SCHEMA = SPEC.source(SOURCE).orElseThrow().schema();
    public static final String SERVICE = "parity_all";

    private ParitySpec() {
    }
}
