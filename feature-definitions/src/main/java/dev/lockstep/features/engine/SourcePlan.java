package dev.lockstep.features.engine;

import dev.lockstep.features.accept.AcceptanceRules;
import dev.lockstep.features.spec.FeatureDefinition;
import dev.lockstep.features.spec.FeatureGroupSpec;
import dev.lockstep.features.spec.FeatureSpec;
import dev.lockstep.features.spec.SourceSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the engine needs to process one source: the columns its features read (the values an
 * accepted event carries), its acceptance rules, and a plan per feature group reading it.
 *
 * <p>Compiled from the whole spec, whatever subset of groups an engine computes, so that every engine
 * checks the same columns and therefore accepts and rejects the same records.
 */
public final class SourcePlan {

    private final SourceSpec source;
    private final List<String> columns;
    private final AcceptanceRules acceptance;
    private final List<GroupPlan> groups;

    private SourcePlan(SourceSpec source, List<String> columns, List<GroupPlan> groups) {
        this.source = source;
        this.columns = List.copyOf(columns);
        this.acceptance = new AcceptanceRules(source, this.columns);
        this.groups = List.copyOf(groups);
    }

    /** Plans the named source of a validated spec. */
    public static SourcePlan compile(FeatureSpec spec, String sourceName) {
        SourceSpec source = spec.source(sourceName).orElseThrow(() -> new IllegalArgumentException(
                "unknown source " + sourceName + "; the spec has " + spec.sources().keySet()));
        List<FeatureGroupSpec> groupSpecs = spec.groups().values().stream()
                .filter(group -> group.source().equals(sourceName))
                .toList();
        Set<String> columns = new LinkedHashSet<>();
        groupSpecs.forEach(group -> group.features().stream()
                .map(FeatureDefinition::column)
                .flatMap(Optional::stream)
                .forEach(columns::add));
        List<String> columnOrder = new ArrayList<>(columns);
        List<GroupPlan> groups = groupSpecs.stream()
                .map(group -> new GroupPlan(group, source, columnOrder))
                .toList();
        return new SourcePlan(source, columnOrder, groups);
    }

    /** Plans every source of the spec. */
    public static List<SourcePlan> compileAll(FeatureSpec spec) {
        return spec.sources().keySet().stream().map(name -> compile(spec, name)).toList();
    }

    public SourceSpec source() {
        return source;
    }

    /** The feature columns of this source, in the order {@code AcceptedEvent#columnValues()} holds them. */
    public List<String> columns() {
        return columns;
    }

    public AcceptanceRules acceptance() {
        return acceptance;
    }

    public List<GroupPlan> groups() {
        return groups;
    }

    /** The groups streaming keeps fresh ({@code FeatureGroupSpec.isStreamed()}), in {@link #groups()} order. */
    public List<GroupPlan> streamedGroups() {
        return groups.stream().filter(g -> g.spec().isStreamed()).toList();
    }

    public GroupPlan group(String name) {
        return groups.stream().filter(g -> g.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("source " + source.name() + " feeds no group " + name));
    }
}
