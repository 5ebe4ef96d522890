package dev.lockstep.features.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lockstep.features.FeatureException;
import dev.lockstep.features.agg.AggregationKind;
import dev.lockstep.features.agg.ValueType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureSpecLoaderTest {

    static final String EXAMPLE = "examples/fraud/features.yaml";

    @Test
    void shouldLoadTheBundledExampleFromTheClasspath() {
        FeatureSpec spec = FeatureSpecLoader.loadResource(EXAMPLE);

        SourceSpec source = spec.source("transactions").orElseThrow();
        assertThat(source.topic()).isEqualTo("payments.transactions");
        assertThat(source.schema().getFullName()).isEqualTo("dev.lockstep.example.Transaction");
        assertThat(source.eventId()).contains("txn_id");
        assertThat(source.allowedLateness()).isEqualTo(Duration.ofMinutes(10));
        assertThat(source.maxFutureSkew()).isEqualTo(Duration.ofMinutes(1));

        FeatureGroupSpec group = spec.group("card_txn").orElseThrow();
        assertThat(group.isStreamed()).isTrue();
        assertThat(group.features()).extracting(FeatureDefinition::name).containsExactly(
                "txn_count_10m", "amount_sum_1h", "amount_max_24h", "merchants_24h", "amount_avg_30d", "last_country");
        assertThat(group.feature("txn_count_10m")).contains(new FeatureDefinition(
                "txn_count_10m", AggregationKind.COUNT, Optional.empty(), Optional.empty(), Duration.ofMinutes(10), 0));
        assertThat(group.feature("amount_avg_30d").orElseThrow().window()).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void shouldReadANullableColumnAsItsNonNullType() {
        FeatureDefinition lastCountry = FeatureSpecLoader.loadResource(EXAMPLE).group("card_txn").orElseThrow()
                .feature("last_country").orElseThrow();

        assertThat(lastCountry.column()).contains("country");
        assertThat(lastCountry.inputType()).contains(ValueType.STRING);
    }

    @Test
    void shouldExpandAGroupWildcardInDeclarationOrder() {
        FeatureSpec spec = FeatureSpecLoader.loadResource(EXAMPLE);
        FeatureServiceSpec service = spec.service("fraud_v1").orElseThrow();

        assertThat(service.features()).extracting(FeatureRef::toString).containsExactly(
                "card_txn.txn_count_10m", "card_txn.amount_sum_1h", "card_txn.amount_max_24h",
                "card_txn.merchants_24h", "card_txn.amount_avg_30d", "card_txn.last_country");
        assertThat(service.model()).contains("fraud");
        assertThat(service.stalenessPolicy()).isEqualTo(StalenessPolicy.SERVE_MARKED);
    }

    @Test
    void shouldResolveSchemaPathsRelativeToTheSpecFile(@TempDir Path dir) throws IOException {
        Path schemas = Files.createDirectories(dir.resolve("schemas"));
        Files.copy(SpecTestFiles.directory("spec").resolve("schemas/Kinds.avsc"), schemas.resolve("Kinds.avsc"));
        Path specFile = dir.resolve("features.yaml");
        Files.writeString(specFile, SpecValidationCasesTest.withFeatures(
                "{name: recent, agg: last_n, n: 5, column: kind, window: 24h}",
                "{name: flags, agg: count, column: flag, window: 1m}",
                "{name: ratio_max, agg: max, column: ratio, window: 400d}"));

        FeatureGroupSpec group = FeatureSpecLoader.load(specFile).group("g").orElseThrow();

        assertThat(group.feature("recent").orElseThrow().n()).isEqualTo(5);
        assertThat(group.feature("recent").orElseThrow().inputType()).contains(ValueType.STRING);
        assertThat(group.feature("flags").orElseThrow().inputType()).contains(ValueType.BOOLEAN);
        assertThat(group.feature("ratio_max").orElseThrow().inputType()).contains(ValueType.DOUBLE);
    }

    @Test
    void shouldResolveSchemaPathsRelativeToTheSpecsClasspathDirectory() {
        FeatureSpec spec = FeatureSpecLoader.loadResource("spec/relative-schema.yaml");

        assertThat(spec.source("t").orElseThrow().schemaPath()).isEqualTo("schemas/Kinds.avsc");
        assertThat(spec.source("t").orElseThrow().schema().getFullName()).isEqualTo("dev.lockstep.test.Kinds");
        assertThat(spec.group("g").orElseThrow().isStreamed()).isFalse();
    }

    @Test
    void shouldDefaultTheStalenessPolicyToServeMarked() {
        String yaml = SpecValidationCasesTest.withServices("  s: {features: [g.b, g.a]}\n");

        FeatureServiceSpec service = FeatureSpecLoader.load(yaml, SpecValidationCasesTest.BASE_DIR, "s.yaml")
                .service("s").orElseThrow();

        assertThat(service.stalenessPolicy()).isEqualTo(StalenessPolicy.SERVE_MARKED);
        assertThat(service.model()).isEmpty();
        assertThat(service.features()).containsExactly(new FeatureRef("g", "b"), new FeatureRef("g", "a"));
    }

    @Test
    void shouldReportEveryProblemAtOnceOnePerLine() {
        String yaml = SpecValidationCasesTest.withFeatures(
                "{name: a, agg: sum, column: label, window: 1h}",
                "{name: b, agg: avg, column: amount}")
                .replace("entity_key: id", "entity_key: card")
                + "feature_services:\n  s: {features: [g.zz], staleness: {policy: drop}}\n";

        SpecValidationException failure = catchThrowableOfType(SpecValidationException.class,
                () -> FeatureSpecLoader.load(yaml, SpecValidationCasesTest.BASE_DIR, "many.yaml"));

        assertThat(failure.problems()).extracting(SpecProblem::path).containsExactly(
                "sources.t.entity_key",
                "feature_groups.g.features[0].column",
                "feature_groups.g.features[1].agg",
                "feature_groups.g.features[1].window",
                "feature_services.s.features[0]",
                "feature_services.s.staleness.policy");
        assertThat(failure).isInstanceOf(FeatureException.class);
        assertThat(failure.getMessage().lines().skip(1)).containsExactlyElementsOf(
                failure.problems().stream().map(p -> "many.yaml: " + p.path() + ": " + p.reason()).toList());
        assertThat(failure.getMessage()).startsWith("invalid feature spec (6 problems):\n");
    }

    @Test
    void shouldReportAMissingSpecFileByName(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yaml");

        assertThatThrownBy(() -> FeatureSpecLoader.load(missing))
                .isInstanceOf(SpecValidationException.class)
                .hasMessageContaining(missing + ": (top level): cannot read the spec: java.nio.file.NoSuchFileException");
    }

    @Test
    void shouldReportASpecMissingFromTheClasspath() {
        assertThatThrownBy(() -> FeatureSpecLoader.loadResource("examples/none/features.yaml"))
                .isInstanceOf(SpecValidationException.class)
                .hasMessageEndingWith("classpath:examples/none/features.yaml: (top level): cannot read the spec:"
                        + " not found on the classpath");
    }

    @Test
    void shouldReportAnEmptySpec() {
        SpecValidationException failure = catchThrowableOfType(SpecValidationException.class,
                () -> FeatureSpecLoader.load("# nothing yet\n", SpecValidationCasesTest.BASE_DIR, "empty.yaml"));

        assertThat(failure.problems()).containsExactly(new SpecProblem("empty.yaml", "(top level)",
                "the spec is empty; expected keys sources, feature_groups, feature_services"));
    }
}
