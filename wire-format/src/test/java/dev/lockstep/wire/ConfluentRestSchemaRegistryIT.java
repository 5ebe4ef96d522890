package dev.lockstep.wire;

import static dev.lockstep.wire.TestSchemas.ORDER_V1;
import static dev.lockstep.wire.TestSchemas.ORDER_V2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lockstep.wire.FakeSchemaRegistryServer.Request;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConfluentRestSchemaRegistryIT {

    private final FakeSchemaRegistryServer server = new FakeSchemaRegistryServer();
    private final ConfluentRestSchemaRegistry registry = ConfluentRestSchemaRegistry.builder(server.url()).build();

    ConfluentRestSchemaRegistryIT() throws IOException {
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void shouldRegisterWithPostToSubjectVersionsAndTheSchemaAsJsonString() throws IOException {
        int id = registry.register("orders-value", ORDER_V1);

        assertThat(id).isEqualTo(1);
        Request request = server.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.rawPath()).isEqualTo("/subjects/orders-value/versions");
        assertThat(request.contentType()).isEqualTo(FakeSchemaRegistryServer.CONTENT_TYPE);
        assertThat(new ObjectMapper().readTree(request.body()).get("schema").asText()).isEqualTo(ORDER_V1.toString());
        assertThat(request.authorization()).isNull();
    }

    @Test
    void shouldFetchSchemaByIdOnceAndServeItFromCacheAfterwards() {
        int id = registry.register("orders-value", ORDER_V1);
        ConfluentRestSchemaRegistry fresh = ConfluentRestSchemaRegistry.builder(server.url()).build();

        assertThat(fresh.schemaById(id)).isEqualTo(ORDER_V1);
        assertThat(fresh.schemaById(id)).isEqualTo(ORDER_V1);

        assertThat(server.requests()).extracting(Request::method, Request::rawPath)
                .containsExactly(
                        tuple("POST", "/subjects/orders-value/versions"),
                        tuple("GET", "/schemas/ids/1"));
    }

    @Test
    void shouldNotCallTheRegistryAgainForASchemaItRegistered() {
        int id = registry.register("orders-value", ORDER_V1);

        assertThat(registry.register("orders-value", ORDER_V1)).isEqualTo(id);
        assertThat(registry.idOf("orders-value", ORDER_V1)).contains(id);
        assertThat(registry.schemaById(id)).isEqualTo(ORDER_V1);
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void shouldLookUpWithPostToSubjectAndCacheOnlyWhatItFinds() {
        ConfluentRestSchemaRegistry other = ConfluentRestSchemaRegistry.builder(server.url()).build();
        assertThat(registry.idOf("orders-value", ORDER_V1)).isEmpty();
        other.register("orders-value", ORDER_V1);

        assertThat(registry.idOf("orders-value", ORDER_V2)).isEmpty();
        assertThat(registry.idOf("orders-value", ORDER_V1)).contains(1);
        assertThat(registry.idOf("orders-value", ORDER_V1)).contains(1);

        assertThat(server.requests()).extracting(Request::method, Request::rawPath, Request::contentType)
                .containsOnly(
                        tuple("POST", "/subjects/orders-value", FakeSchemaRegistryServer.CONTENT_TYPE),
                        tuple("POST", "/subjects/orders-value/versions", FakeSchemaRegistryServer.CONTENT_TYPE));
        assertThat(server.requests()).hasSize(4);
    }

    @Test
    void shouldEncodeSubjectAsOnePathSegment() {
        registry.register("team a/orders-value", ORDER_V1);

        assertThat(server.requests().get(0).rawPath()).isEqualTo("/subjects/team%20a%2Forders-value/versions");
    }

    @Test
    void shouldReportUnknownIdAsUnknownSchema() {
        assertThatThrownBy(() -> registry.schemaById(42))
                .isInstanceOfSatisfying(UnknownSchemaException.class, e -> assertThat(e.schemaId()).isEqualTo(42))
                .hasMessage("Schema id 42 is not registered at " + server.url() + ": Schema not found");
    }

    @Test
    void shouldReportServerErrorWithStatusAndRegistryMessage() {
        server.failWith(500, "{\"error_code\":50001,\"message\":\"Error in the backend data store\"}");

        assertThatThrownBy(() -> registry.register("orders-value", ORDER_V1))
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.httpStatus()).hasValue(500))
                .hasMessage("Schema registry " + server.url() + " failed to register a schema under subject "
                        + "'orders-value': HTTP 500 Error in the backend data store (POST " + server.url()
                        + "/subjects/orders-value/versions)");
    }

    @Test
    void shouldReportNonJsonErrorBodyAsIs() {
        server.failWith(502, "<html>Bad Gateway</html>");

        assertThatThrownBy(() -> registry.schemaById(3))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessage("Schema registry " + server.url() + " failed to fetch schema id 3: HTTP 502 "
                        + "<html>Bad Gateway</html> (GET " + server.url() + "/schemas/ids/3)");
    }

    @Test
    void shouldReportConnectionRefusedNamingTheUrl() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port;
        ConfluentRestSchemaRegistry unreachable = ConfluentRestSchemaRegistry.builder(url).build();

        assertThatThrownBy(() -> unreachable.schemaById(1))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.httpStatus()).isEmpty())
                .hasMessageStartingWith("Schema registry " + url + " failed to fetch schema id 1: cannot reach it (GET "
                        + url + "/schemas/ids/1): ConnectException");
    }

    @Test
    void shouldTimeOutWhenTheRegistryDoesNotAnswer() {
        server.hang();
        ConfluentRestSchemaRegistry impatient = ConfluentRestSchemaRegistry.builder(server.url())
                .requestTimeout(Duration.ofMillis(200)).build();

        assertThatThrownBy(() -> impatient.schemaById(1))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessage("Schema registry " + server.url() + " failed to fetch schema id 1: timed out (GET "
                        + server.url() + "/schemas/ids/1, timeout 200 ms)");
    }

    @Test
    void shouldSendBasicAuthFromUrlUserInfoWithoutPuttingItInMessages() {
        String url = server.url().replace("http://", "http://svc:s3cret@");
        ConfluentRestSchemaRegistry withAuth = ConfluentRestSchemaRegistry.builder(url).build();
        withAuth.register("orders-value", ORDER_V1);
        server.failWith(401, "{\"error_code\":401,\"message\":\"Unauthorized\"}");

        assertThat(server.requests().get(0).authorization()).isEqualTo(
                "Basic " + Base64.getEncoder().encodeToString("svc:s3cret".getBytes(StandardCharsets.UTF_8)));
        assertThat(withAuth.url()).isEqualTo(server.url());
        assertThatThrownBy(() -> withAuth.schemaById(9)).hasMessageNotContaining("s3cret");
    }

    @Test
    void shouldCarryRecordsThroughTheRestRegistryEndToEnd() {
        ConfluentWireFormat producer = ConfluentWireFormat.autoRegistering(registry);
        ConfluentWireFormat consumer = ConfluentWireFormat.lookupOnly(
                ConfluentRestSchemaRegistry.builder(server.url()).build());

        byte[] bytes = producer.encode("orders-value", TestSchemas.order());

        assertThat(consumer.decode(bytes, ORDER_V2).record().get("channel")).hasToString("web");
        assertThat(consumer.decode(bytes, ORDER_V2).schemaId()).isEqualTo(1);
        assertThat(server.requests()).hasSize(2);
    }
}
