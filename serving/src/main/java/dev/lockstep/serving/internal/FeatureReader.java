package dev.lockstep.serving.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lockstep.features.engine.WindowRead;
import dev.lockstep.features.spec.FeatureRef;
import dev.lockstep.features.spec.StalenessPolicy;
import dev.lockstep.features.tile.TileKey;
import dev.lockstep.store.OnlineStore;
import dev.lockstep.store.OnlineStoreException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.stream.Collectors;

/**
 * Answers a {@link FeatureRequest}: heartbeats give each group's age, one pipelined
 * {@link OnlineStore#readTileValues} per group fetches every requested entity's tiles, and the engine's
 * {@link WindowRead#at} turns them into values at the request time. Serving computes no value itself.
 */
public final class FeatureReader {

    private final OnlineStore store;
    private final FreshnessTracker freshness;
    private final ServingMetrics metrics;
    private final Clock clock;

    public FeatureReader(OnlineStore store, FreshnessTracker freshness, ServingMetrics metrics, Clock clock) {
        this.store = store;
        this.freshness = freshness;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * @throws ApiException 503 {@code stale_features} when the service's policy is reject and a group is stale
     * @throws dev.lockstep.store.OnlineStoreException when the store fails (the endpoint maps it)
     */
    public ObjectNode read(FeatureRequest request) {
        ServedService service = request.service();
        FeatureValues values = fetch(service, request.entities());
        ResponseBuilder response = new ResponseBuilder(service, values.readTimeMillis(), values.statuses());
        Map<String, String> entityFieldOfGroup = service.groups().stream()
                .collect(Collectors.toMap(ServedGroup::name, ServedGroup::entityField));
        for (Map<String, String> entity : request.entities()) {
            ObjectNode features = response.addEntity(entity);
            for (FeatureRef ref : service.features()) {
                String key = entity.get(entityFieldOfGroup.get(ref.group()));
                response.addFeature(features, ref, values.value(ref.group(), key, ref.feature()),
                        values.hasTiles(ref.group(), key));
            }
        }
        return response.body();
    }

    /**
     * Every group's status and every entity's values at the clock's current time: the heartbeats first (a
     * service with policy reject stops there when a group is stale), then one pipelined tile read per group.
     *
     * @throws ApiException 503 {@code stale_features} when the service's policy is reject and a group is stale
     * @throws dev.lockstep.store.OnlineStoreException when the store fails (the endpoint maps it)
     */
    public FeatureValues fetch(ServedService service, List<Map<String, String>> entities) {
        long now = clock.millis();
        Map<String, GroupStatus> statuses = freshness.statusOf(service.groups(), now);
        rejectIfStale(service, statuses);
        Map<String, Map<String, Map<String, Object>>> valuesByGroup = new HashMap<>();
        Map<String, Map<String, Boolean>> presentByGroup = new HashMap<>();
        for (ServedGroup group : service.groups()) {
            List<String> keys = entities.stream().map(e -> e.get(group.entityField())).distinct().toList();
            Map<String, NavigableMap<TileKey, byte[]>> tiles = metrics.timeStage("feature_read", group.name(),
                    () -> readTiles(group.name(), keys));
            valuesByGroup.put(group.name(), metrics.timeStage("window_read", group.name(),
                    () -> keys.stream().collect(Collectors.toMap(k -> k,
                            k -> WindowRead.at(group.plan(), now, tiles.get(k))))));
            presentByGroup.put(group.name(), keys.stream().collect(Collectors.toMap(k -> k,
                    k -> !tiles.get(k).isEmpty())));
        }
        return new FeatureValues(now, statuses, valuesByGroup, presentByGroup);
    }

    private Map<String, NavigableMap<TileKey, byte[]>> readTiles(String group, List<String> keys) {
        try {
            return store.readTileValues(group, keys);
        } catch (OnlineStoreException e) {
            freshness.forgetHeartbeats(); // Redis may come back without the heartbeats read before
            throw e;
        }
    }

    private static void rejectIfStale(ServedService service, Map<String, GroupStatus> statuses) {
        if (service.policy() != StalenessPolicy.REJECT) {
            return;
        }
        List<GroupStatus> stale = statuses.values().stream().filter(GroupStatus::stale).toList();
        if (!stale.isEmpty()) {
            String why = stale.stream().map(s -> "group " + s.group() + " " + s.staleness())
                    .collect(Collectors.joining("; "));
            throw new ApiException(503, "stale_features", "service " + service.name()
                    + " rejects stale features (policy reject): " + why,
                    stale.stream().map(GroupStatus::group).toList(), null);
        }
    }
}
