package dev.lockstep.streaming.internal;

/** Names of the state stores of one source's processor. */
public record SourceStores(String tiles, String dedup, String buffer) {

    public static SourceStores of(String sourceName) {
        return new SourceStores("lockstep-tiles-" + sourceName, "lockstep-dedup-" + sourceName,
                "lockstep-store-buffer-" + sourceName);
    }
}
