package dev.lockstep.streaming.internal;

/**
 * Names of the state stores of one source's processor: open tiles, dedup keys, the online-store buffer,
 * and progress (the task's flushed arrival watermark, so a restarted idle partition still heartbeats).
 */
public record SourceStores(String tiles, String dedup, String buffer, String progress) {

    public static SourceStores of(String sourceName) {
        return new SourceStores("lockstep-tiles-" + sourceName, "lockstep-dedup-" + sourceName,
                "lockstep-store-buffer-" + sourceName, "lockstep-progress-" + sourceName);
    }
}
