package dev.lockstep.streaming;

import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/**
 * An immutable, typed description of a topic: its name and the serdes of its keys and values. Built
 * by {@link FeatureTopics} from the spec and settings; never a mutable static.
 *
 * @param name       the topic name
 * @param keySerde   serde of record keys
 * @param valueSerde serde of record values
 */
public record TopicDescriptor<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {

    public TopicDescriptor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keySerde, "keySerde");
        Objects.requireNonNull(valueSerde, "valueSerde");
        if (name.isBlank()) {
            throw new IllegalArgumentException("topic name must not be blank");
        }
    }
}
