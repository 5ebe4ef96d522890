package dev.lockstep.app.demo;

import java.net.URI;
import java.util.Optional;

/**
 * What the demo's batch step produced: the model serving now answers for, if any, and an example request
 * for it; empty when that part of the pipeline is not wired yet (the reason is in {@code notWired}).
 */
record BatchOutcome(Optional<String> model, String predictBody, String notWired) {

    static BatchOutcome notWired(String why) {
        return new BatchOutcome(Optional.empty(), "", why);
    }

    String predictCurl(URI serving) {
        return model.map(name -> "  prediction: curl -s -X POST " + serving + "/v1/predict/" + name
                        + " -H 'Content-Type: application/json' -d '" + predictBody + "'")
                .orElse("  prediction: NOT WIRED: " + notWired);
    }
}
