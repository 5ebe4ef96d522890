package dev.lockstep.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading warm-up requests: one JSON object per line, every mistake named by file and line. */
class WarmupTest {

    @TempDir
    Path dir;

    @Test
    void shouldReadOneRequestPerLineSkippingBlankLines() throws IOException {
        Path file = write("""
                {"path": "/v1/predict/fraud", "body": {"entity": {"card_id": "c1"}, "request": {"amount": 250.0}}}

                {"path": "/v1/features", "body": {"service": "fraud_v1", "entities": [{"card_id": "c1"}]}}
                """);

        Warmup warmup = Warmup.readJsonLines(file, Duration.ofSeconds(30));

        assertThat(warmup.duration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(warmup.requests()).extracting(Warmup.Request::path, Warmup.Request::model, Warmup.Request::origin)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("/v1/predict/fraud", "fraud", "warmup.jsonl:1"),
                        org.assertj.core.groups.Tuple.tuple("/v1/features", null, "warmup.jsonl:3"));
        assertThat(new String(warmup.requests().get(1).body(), StandardCharsets.UTF_8))
                .isEqualTo("{\"service\":\"fraud_v1\",\"entities\":[{\"card_id\":\"c1\"}]}");
    }

    @Test
    void shouldNameTheLineThatIsNotJson() throws IOException {
        Path file = write("{\"path\": \"/v1/features\", \"body\": {}}\n{\"path\": \"/v1/features\", \"body\": \n");

        assertThatThrownBy(() -> Warmup.readJsonLines(file, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("warmup.jsonl:2: not JSON: ");
    }

    @Test
    void shouldNameTheLineOfAPathThatIsNoRequestEndpoint() throws IOException {
        Path file = write("{\"path\": \"/v1/predict/\", \"body\": {}}\n");

        assertThatThrownBy(() -> Warmup.readJsonLines(file, Duration.ZERO))
                .hasMessage("warmup.jsonl:1: path /v1/predict/ is not /v1/features or /v1/predict/<model>");
    }

    @Test
    void shouldNameTheLineWithoutAnObjectBody() throws IOException {
        Path file = write("{\"path\": \"/v1/features\", \"body\": \"service=fraud_v1\"}\n");

        assertThatThrownBy(() -> Warmup.readJsonLines(file, Duration.ZERO))
                .hasMessage("warmup.jsonl:1: expected {\"path\": \"/v1/...\", \"body\": {...}}, got "
                        + "{\"path\": \"/v1/features\", \"body\": \"service=fraud_v1\"}");
    }

    @Test
    void shouldRefuseAFileWithoutRequests() throws IOException {
        Path file = write("\n  \n");

        assertThatThrownBy(() -> Warmup.readJsonLines(file, Duration.ZERO))
                .hasMessage("the warm-up requests " + file + " hold no request");
    }

    @Test
    void shouldNameAFileThatCannotBeRead() {
        Path missing = dir.resolve("absent.jsonl");

        assertThatThrownBy(() -> Warmup.readJsonLines(missing, Duration.ZERO))
                .hasMessageStartingWith("cannot read the warm-up requests " + missing + ": ");
    }

    @Test
    void shouldRefuseANegativeDuration() throws IOException {
        Path file = write("{\"path\": \"/v1/features\", \"body\": {}}\n");

        assertThatThrownBy(() -> Warmup.readJsonLines(file, Duration.ofSeconds(-1)))
                .hasMessage("invalid warm-up duration PT-1S: must be a non-negative duration");
    }

    private Path write(String text) throws IOException {
        return Files.writeString(dir.resolve("warmup.jsonl"), text);
    }
}
