package dev.lockstep.features.event;

import java.util.Map;

/** An {@link EventView} over a map of already-normalized values; for generators, JSON input and tests. */
public record MapEventView(Map<String, Object> values) implements EventView {

    @Override
    public Object get(String field) {
        return AvroEventView.normalize(values.get(field));
    }
}
