package dev.lockstep.serving.internal;

import dev.lockstep.features.engine.GroupPlan;
import dev.lockstep.features.engine.SourcePlan;
import dev.lockstep.features.spec.FeatureRef;
import dev.lockstep.features.spec.FeatureServiceSpec;
import dev.lockstep.features.spec.FeatureSpec;
import dev.lockstep.store.GroupLayout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every feature service of a spec, compiled once at start-up: group plans come from the engine
 * ({@link SourcePlan#compile}), never rebuilt per request.
 */
public final class ServiceCatalog {

    private final Map<String, ServedService> services;
    private final Map<String, GroupPlan> plans;

    private ServiceCatalog(Map<String, ServedService> services, Map<String, GroupPlan> plans) {
        this.services = Map.copyOf(services);
        this.plans = Map.copyOf(plans);
    }

    public static ServiceCatalog of(FeatureSpec spec) {
        Map<String, GroupPlan> plans = new LinkedHashMap<>();
        for (SourcePlan source : SourcePlan.compileAll(spec)) {
            source.groups().forEach(group -> plans.put(group.name(), group));
        }
        Map<String, ServedService> services = new LinkedHashMap<>();
        for (FeatureServiceSpec service : spec.services().values()) {
            services.put(service.name(), serve(spec, plans, service));
        }
        return new ServiceCatalog(services, plans);
    }

    private static ServedService serve(FeatureSpec spec, Map<String, GroupPlan> plans, FeatureServiceSpec service) {
        Map<String, List<String>> featuresByGroup = new LinkedHashMap<>();
        for (FeatureRef ref : service.features()) {
            featuresByGroup.computeIfAbsent(ref.group(), g -> new ArrayList<>()).add(ref.feature());
        }
        List<ServedGroup> groups = new ArrayList<>();
        Set<String> entityFields = new LinkedHashSet<>();
        featuresByGroup.forEach((name, features) -> {
            GroupPlan plan = plans.get(name);
            if (plan == null) {
                throw new IllegalStateException("service " + service.name() + " reads unknown group " + name);
            }
            ServedGroup group = new ServedGroup(plan, spec.sourceOf(plan.spec()), features);
            groups.add(group);
            entityFields.add(group.entityField());
        });
        return new ServedService(service.name(), groups, service.features(), entityFields, service.stalenessPolicy(),
                service.model());
    }

    public Optional<ServedService> service(String name) {
        return Optional.ofNullable(services.get(name));
    }

    /** The models the spec's services name, sorted: the ones serving must have loaded to be ready. */
    public Set<String> modelNames() {
        Set<String> models = new TreeSet<>();
        services.values().forEach(s -> s.model().ifPresent(models::add));
        return models;
    }

    /** Service names, sorted, for error messages. */
    public Set<String> serviceNames() {
        return new TreeSet<>(services.keySet());
    }

    /** Each group some service reads, once (with the features of one service that reads it). */
    public List<ServedGroup> servedGroups() {
        Map<String, ServedGroup> byName = new LinkedHashMap<>();
        services.values().forEach(s -> s.groups().forEach(g -> byName.putIfAbsent(g.name(), g)));
        return List.copyOf(byName.values());
    }

    /** Every group of the spec, for gauges and the store's layouts. */
    public List<GroupPlan> groups() {
        return List.copyOf(plans.values());
    }

    /** The store layouts of every group, taken from the engine as the online-store README asks. */
    public List<GroupLayout> layouts() {
        return plans.values().stream()
                .map(GroupLayout::of)
                .toList();
    }
}
