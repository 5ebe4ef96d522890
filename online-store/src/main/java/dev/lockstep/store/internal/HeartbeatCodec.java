package dev.lockstep.store.internal;

import dev.lockstep.store.Heartbeat;
import dev.lockstep.store.OnlineStoreException;
import java.nio.charset.StandardCharsets;

/** Heartbeat values are {@code <watermarkMillis>:<publishedAtMillis>} in ASCII decimal. */
public final class HeartbeatCodec {

    private HeartbeatCodec() {
    }

    public static String encode(Heartbeat heartbeat) {
        return heartbeat.watermarkMillis() + ":" + heartbeat.publishedAtMillis();
    }

    public static Heartbeat decode(String key, byte[] value) {
        String text = new String(value, StandardCharsets.US_ASCII);
        int colon = text.indexOf(':');
        try {
            return new Heartbeat(Long.parseLong(text.substring(0, colon)), Long.parseLong(text.substring(colon + 1)));
        } catch (RuntimeException e) {
            throw new OnlineStoreException("corrupt heartbeat '" + text + "' in " + key
                    + ": expected <watermarkMillis>:<publishedAtMillis>", e);
        }
    }

    public static int parsePartition(String key, byte[] field) {
        String text = new String(field, StandardCharsets.US_ASCII);
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new OnlineStoreException("corrupt partition field '" + text + "' in " + key, e);
        }
    }

    /**
     * A partition count is stored as {@code <count>:<publishedAt>}, guarded by the heartbeat script, which
     * keeps the larger count: Kafka only adds partitions.
     */
    public static int decodePartitionCount(String key, byte[] value) {
        long count = decode(key, value).watermarkMillis();
        if (count < 1 || count > Integer.MAX_VALUE) {
            throw new OnlineStoreException("corrupt partition count " + count + " in " + key
                    + ": expected a positive int");
        }
        return (int) count;
    }

    public static void requirePositiveCount(String operation, String group, String topic, int partitionCount,
            long publishedAt) {
        if (partitionCount < 1 || publishedAt < 0) {
            throw new OnlineStoreException(operation + " rejected for group " + group + " topic " + topic
                    + ": partition count "
                    + partitionCount + " must be at least 1 and publishedAt " + publishedAt
                    + " non-negative epoch millis");
        }
    }

    /** The guard script compares decimal strings, which works for non-negative numbers only. */
    public static void requireNonNegative(String operation, String what, long watermark, long publishedAt) {
        if (watermark < 0 || publishedAt < 0) {
            throw new OnlineStoreException(operation + " rejected for " + what + ": watermark " + watermark
                    + " and publishedAt " + publishedAt + " must be non-negative epoch millis");
        }
    }
}
