package dev.lockstep.streaming.internal;

/**
 * What the source processor forwards: a dead letter or a tile update, as key and value bytes bound for
 * the source's dead-letter topic or the tile topic.
 */
public record Emission(Kind kind, byte[] key, byte[] value) {

    /** Where an emission goes. */
    public enum Kind { DEAD_LETTER, TILE }

    public boolean isDeadLetter() {
        return kind == Kind.DEAD_LETTER;
    }

    public boolean isTile() {
        return kind == Kind.TILE;
    }
}
