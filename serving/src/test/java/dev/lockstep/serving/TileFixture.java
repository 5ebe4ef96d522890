package dev.lockstep.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lockstep.features.accept.AcceptedEvent;
import dev.lockstep.features.accept.Verdict;
import dev.lockstep.features.engine.GroupPlan;
import dev.lockstep.features.engine.SourcePlan;
import dev.lockstep.features.engine.TileFolder;
import dev.lockstep.features.engine.WindowRead;
import dev.lockstep.features.event.MapEventView;
import dev.lockstep.features.event.RecordPosition;
import dev.lockstep.features.spec.FeatureSpec;
import dev.lockstep.store.OnlineStore;
import dev.lockstep.store.TileWrite;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Transactions through the engine's own acceptance and tile folding, written to a store, plus the
 * reference values: {@link WindowRead#at} over tiles folded from the same events, independent of the
 * server's read path (store, HTTP, JSON).
 */
final class TileFixture {

    static final String SOURCE = "transactions";
    static final String TOPIC = "payments.transactions";
    /** The spec's one streamed group; its heartbeats are what ages the served features. */
    static final String STREAMED_GROUP = "card_txn";

    private final SourcePlan plan;
    private final List<AcceptedEvent> events = new ArrayList<>();
    private long offset;

    TileFixture(FeatureSpec spec) {
        this.plan = SourcePlan.compile(spec, SOURCE);
    }

    TileFixture txn(String card, long eventTime, long arrival, double amount, String merchant, String country) {
        Map<String, Object> fields = new HashMap<>();
        fields.put("txn_id", "t" + offset);
        fields.put("card_id", card);
        fields.put("merchant_id", merchant);
        fields.put("amount", amount);
        fields.put("currency", "EUR");
        fields.put("country", country);
        fields.put("event_time", eventTime);
        fields.put("channel", "pos");
        Verdict verdict = plan.acceptance().evaluate(new MapEventView(fields),
                new RecordPosition(TOPIC, 0, offset++, arrival));
        if (!(verdict instanceof Verdict.Accepted accepted)) {
            throw new IllegalArgumentException("fixture event rejected: " + verdict);
        }
        events.add(accepted.event());
        return this;
    }

    /** Writes every group's tiles of every card, version 1, as a pipeline writer would. */
    void writeTo(OnlineStore store) {
        List<TileWrite> writes = new ArrayList<>();
        for (GroupPlan group : plan.groups()) {
            events.stream().map(AcceptedEvent::entityKey).distinct().forEach(card ->
                    folded(group, card, Long.MAX_VALUE).encodedTiles().forEach((tile, bytes) ->
                            writes.add(new TileWrite(group.name(), card, tile, 1, bytes))));
        }
        store.writeTiles(writes);
    }

    /** The engine's value of every feature of {@code group} for {@code card} at {@code readTime}. */
    Map<String, Object> expected(String group, String card, long readTime) {
        GroupPlan groupPlan = plan.group(group);
        return WindowRead.at(groupPlan, readTime, folded(groupPlan, card, readTime).encodedTiles());
    }

    /**
     * Asserts that a served {@code features} object holds the engine's value of every feature of the card's group
     * at the read time, compared as JSON text (so a long 3 and a double 3.0 differ), each with {@code status}.
     */
    void assertServed(JsonNode features, String group, String card, long readTime, String status) {
        for (Map.Entry<String, Object> expected : expected(group, card, readTime).entrySet()) {
            JsonNode served = features.get(group + "." + expected.getKey());
            try {
                assertThat(ServerHarness.JSON.writeValueAsString(served.get("value")))
                        .as("%s of %s", expected.getKey(), card)
                        .isEqualTo(ServerHarness.JSON.writeValueAsString(expected.getValue()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write " + expected + " as JSON", e);
            }
            assertThat(served.get("status").asText()).as("status of %s of %s", expected.getKey(), card).isEqualTo(status);
        }
    }

    private TileFolder folded(GroupPlan group, String card, long arrivedBy) {
        TileFolder folder = new TileFolder(group);
        events.stream().filter(e -> e.entityKey().equals(card) && e.arrival() <= arrivedBy).forEach(folder::add);
        return folder;
    }
}
