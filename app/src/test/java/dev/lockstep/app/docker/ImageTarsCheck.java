package dev.lockstep.app.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;

/**
 * Checks the image tars Jib wrote ({@code -Pimages}), as far as a machine without a Docker engine or a
 * registry can: tag, entrypoint (main class, argfile classpath), exposed port, non-root user, and what
 * the layers hold, including that serving's image carries no Spark and no Kafka Streams.
 *
 * <p>Not named {@code *IT}: it needs the tars, so {@code .ci/run} builds them and runs it explicitly
 * ({@code -Dit.test=ImageTarsCheck}); a missing tar fails it.
 */
class ImageTarsCheck {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void shouldBuildTheServingImage() throws IOException {
        Image image = Image.read(ROOT.resolve("serving/target/jib-image.tar"));
        image.assertRunnable("lockstep/serving:dev", "dev.lockstep.serving.ServingMain", "8080/tcp");
        assertThat(image.files()).contains("app/classes/dev/lockstep/serving/ServingMain.class")
                .anyMatch(f -> f.matches("app/libs/jetty-server-.*\\.jar"))
                .anyMatch(f -> f.matches("app/libs/online-store-.*\\.jar"))
                .noneMatch(f -> f.matches("app/libs/spark-.*\\.jar"))
                .noneMatch(f -> f.matches("app/libs/kafka-streams-.*\\.jar"));
    }

    @Test
    void shouldBuildTheStreamingImage() throws IOException {
        Image image = Image.read(ROOT.resolve("streaming-features/target/jib-image.tar"));
        image.assertRunnable("lockstep/streaming:dev", "dev.lockstep.streaming.cli.StreamingMain", "9400/tcp");
        assertThat(image.files()).contains("app/classes/dev/lockstep/streaming/cli/StreamingMain.class")
                .contains("app/resources/logback.xml")
                .anyMatch(f -> f.matches("app/libs/logback-classic-.*\\.jar"))
                .anyMatch(f -> f.matches("app/libs/kafka-streams-.*\\.jar"))
                .noneMatch(f -> f.matches("app/libs/spark-.*\\.jar"));
    }

    /** A docker-save style tar: manifest.json, config.json and gzipped layer tars. */
    private record Image(JsonNode manifest, JsonNode config, List<String> files) {

        static Image read(Path tar) throws IOException {
            assertThat(tar).as("image tar (build it with -Pimages)").isRegularFile();
            Map<String, byte[]> entries = new HashMap<>();
            try (TarArchiveInputStream in = new TarArchiveInputStream(new BufferedInputStream(Files.newInputStream(tar)))) {
                for (TarArchiveEntry entry; (entry = in.getNextEntry()) != null; ) {
                    entries.put(entry.getName(), in.readAllBytes());
                }
            }
            JsonNode manifest = JSON.readTree(entries.get("manifest.json")).get(0);
            JsonNode config = JSON.readTree(entries.get(manifest.path("Config").asText()));
            List<String> files = new ArrayList<>();
            for (JsonNode layer : manifest.path("Layers")) {
                byte[] bytes = entries.get(layer.asText());
                assertThat(bytes).as("layer %s listed in the manifest is in the tar", layer.asText()).isNotNull();
                files.addAll(layerFiles(new GZIPInputStream(new java.io.ByteArrayInputStream(bytes))));
            }
            return new Image(manifest, config, files);
        }

        private static List<String> layerFiles(InputStream layer) throws IOException {
            List<String> names = new ArrayList<>();
            try (TarArchiveInputStream in = new TarArchiveInputStream(layer)) {
                for (TarArchiveEntry entry; (entry = in.getNextEntry()) != null; ) {
                    names.add(entry.getName().replaceFirst("^\\./", "").replaceFirst("^/", ""));
                }
            }
            return names;
        }

        void assertRunnable(String tag, String mainClass, String port) {
            assertThat(manifest.path("RepoTags").get(0).asText()).isEqualTo(tag);
            JsonNode entrypoint = config.path("config").path("Entrypoint");
            assertThat(entrypoint.get(0).asText()).isEqualTo("java");
            // Classpath from an argfile keeps the command line short (ONNX Runtime, platform notes).
            assertThat(entrypoint.toString()).contains("@/app/jib-classpath-file");
            assertThat(entrypoint.get(entrypoint.size() - 1).asText()).isEqualTo(mainClass);
            assertThat(config.path("config").path("ExposedPorts").has(port)).as("exposes %s", port).isTrue();
            assertThat(config.path("config").path("User").asText()).isEqualTo("1000");
            assertThat(files).contains("app/jib-classpath-file", "app/jib-main-class-file");
        }
    }
}
