package dev.lockstep.features.spec;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** What serving does with a feature whose group is stale. */
public enum StalenessPolicy {
    /** Serve the value, marked stale. */
    SERVE_MARKED,
    /** Serve the feature's default (null unless the model manifest sets one), marked stale. */
    FALLBACK_DEFAULT,
    /** Fail the request. */
    REJECT;

    public String specName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<StalenessPolicy> fromSpecName(String name) {
        return Arrays.stream(values()).filter(p -> p.specName().equals(name)).findFirst();
    }

    public static String specNames() {
        return Arrays.stream(values()).map(StalenessPolicy::specName).collect(Collectors.joining(", "));
    }
}
