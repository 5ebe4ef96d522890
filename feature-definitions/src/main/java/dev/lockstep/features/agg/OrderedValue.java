package dev.lockstep.features.agg;

import dev.lockstep.features.event.EventOrder;

/** IR of FIRST and LAST: the value of the extreme event so far, with its order; both null when empty. */
final class OrderedValue {
    EventOrder order;
    Object value;

    OrderedValue(EventOrder order, Object value) {
        this.order = order;
        this.value = value;
    }
}
