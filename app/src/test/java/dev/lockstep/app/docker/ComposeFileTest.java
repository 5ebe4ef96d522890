package dev.lockstep.app.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.lockstep.features.spec.FeatureSpecLoader;
import dev.lockstep.streaming.StreamingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Lints docker/compose.yaml without a Docker engine: every service has an image, well-formed port
 * mappings, and every file it mounts exists; the configs mounted into the apps are the ones the apps
 * accept; Prometheus and Grafana point at things that exist.
 */
class ComposeFileTest {

    private static final Path DOCKER = Path.of("..", "docker").toAbsolutePath().normalize();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> EXPECTED = Set.of("kafka", "kafka-init", "schema-registry", "redis", "streaming",
            "serving", "prometheus", "grafana");

    private final JsonNode services = read(DOCKER.resolve("compose.yaml")).path("services");

    @Test
    void shouldDeclareTheWholeStackEachWithAnImageOrBuild() {
        Set<String> names = new TreeSet<>();
        services.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactlyInAnyOrderElementsOf(EXPECTED);
        services.fields().forEachRemaining(service -> {
            JsonNode image = service.getValue().path("image");
            assertThat(image.isTextual() || service.getValue().has("build"))
                    .as("service %s has an image or a build", service.getKey()).isTrue();
            if (image.isTextual()) {
                assertThat(image.asText()).as("image of %s is name:tag", service.getKey())
                        .matches("[a-z0-9./_-]+:[A-Za-z0-9._-]+");
            }
        });
        assertThat(services.path("streaming").path("image").asText()).isEqualTo("lockstep/streaming:dev");
        assertThat(services.path("serving").path("image").asText()).isEqualTo("lockstep/serving:dev");
    }

    @Test
    void shouldMapPortsAsHostToContainerWithoutClashes() {
        Map<Integer, String> hostPorts = new HashMap<>();
        services.fields().forEachRemaining(service -> service.getValue().path("ports").forEach(port -> {
            assertThat(port.asText()).as("port of %s", service.getKey()).matches("\\d{2,5}:\\d{2,5}");
            int host = Integer.parseInt(port.asText().split(":")[0]);
            assertThat(hostPorts.put(host, service.getKey())).as("host port %d used twice", host).isNull();
        }));
        assertThat(hostPorts).containsKeys(8080, 9090, 3000, 8081, 6379, 9400, 29092);
    }

    @Test
    void shouldMountOnlyFilesThatExist() {
        List<String> mounts = new ArrayList<>();
        services.fields().forEachRemaining(service -> service.getValue().path("volumes").forEach(volume -> {
            String host = volume.asText().split(":")[0];
            Path mounted = DOCKER.resolve(host).normalize();
            assertThat(host).as("bind mounts of %s are relative to docker/", service.getKey()).startsWith(".");
            assertThat(mounted).as("mounted by %s, inside the repository", service.getKey()).startsWith(DOCKER.getParent());
            assertThat(Files.isRegularFile(mounted) || Files.isDirectory(mounted))
                    .as("%s mounted by %s exists", mounted, service.getKey()).isTrue();
            mounts.add(volume.asText());
        }));
        assertThat(mounts).contains("./prometheus/rules/lockstep-alerts.yml:/etc/prometheus/rules/lockstep-alerts.yml:ro",
                "../serving/src/main/prometheus/serving-alerts.yml:/etc/prometheus/rules/serving-alerts.yml:ro");
        assertThat(DOCKER.resolve("../serving/src/test/resources/models/fraud/1/manifest.json")).isRegularFile();
    }

    @Test
    void shouldGiveTheAppsConfigsTheyAccept() throws IOException {
        StreamingConfig streaming = StreamingConfig.load(DOCKER.resolve("config/streaming.properties"), Map.of());
        assertThat(streaming.service().specFile()).isEqualTo("/etc/lockstep/features.yaml");
        assertThat(streaming.bootstrapServers()).isEqualTo("kafka:9092");
        assertThat(services.path("streaming").path("ports").get(0).asText())
                .isEqualTo(streaming.service().metricsPort() + ":" + streaming.service().metricsPort());
        assertThat(FeatureSpecLoader.load(DOCKER.resolve("config/features.yaml")))
                .isEqualTo(FeatureSpecLoader.loadResource("examples/fraud/features.yaml"));
        assertThat(services.path("serving").path("environment").path("LOCKSTEP_SPEC").asText())
                .isEqualTo("/etc/lockstep/features.yaml");
    }

    @Test
    void shouldScrapeTheAppsAndLoadTheMountedRules() {
        JsonNode prometheus = read(DOCKER.resolve("prometheus/prometheus.yml"));
        List<String> rules = new ArrayList<>();
        prometheus.path("rule_files").forEach(r -> rules.add(r.asText()));
        assertThat(rules).containsExactly("/etc/prometheus/rules/lockstep-alerts.yml", "/etc/prometheus/rules/serving-alerts.yml");
        List<String> mountedRules = new ArrayList<>();
        services.path("prometheus").path("volumes").forEach(v -> mountedRules.add(v.asText().split(":")[1]));
        assertThat(mountedRules).containsAll(rules);
        List<String> targets = new ArrayList<>();
        prometheus.path("scrape_configs").forEach(job -> job.path("static_configs")
                .forEach(c -> c.path("targets").forEach(t -> targets.add(t.asText()))));
        assertThat(targets).containsExactlyInAnyOrder("streaming:9400", "serving:8080");
        for (String target : targets) {
            assertThat(services.has(target.split(":")[0])).as("scrape target %s is a service", target).isTrue();
        }
    }

    @Test
    void shouldProvisionTheDashboardAgainstTheProvisionedDatasource() throws IOException {
        String uid = read(DOCKER.resolve("grafana/provisioning/datasources/prometheus.yml"))
                .path("datasources").get(0).path("uid").asText();
        JsonNode dashboard = JSON.readTree(DOCKER.resolve("grafana/dashboards/lockstep.json").toFile());
        Set<String> titles = new TreeSet<>();
        dashboard.path("panels").forEach(panel -> {
            titles.add(panel.path("title").asText());
            assertThat(panel.path("datasource").path("uid").asText()).isEqualTo(uid);
            assertThat(panel.path("targets")).isNotEmpty();
        });
        assertThat(titles).anyMatch(t -> t.startsWith("Throughput")).anyMatch(t -> t.contains("lag"))
                .anyMatch(t -> t.startsWith("Freshness")).anyMatch(t -> t.startsWith("Dead letters"))
                .anyMatch(t -> t.contains("latency percentiles")).anyMatch(t -> t.contains("punctuation"));
    }

    private static JsonNode read(Path file) {
        try {
            return YAML.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
