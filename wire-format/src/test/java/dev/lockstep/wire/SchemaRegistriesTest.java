package dev.lockstep.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SchemaRegistriesTest {

    @Test
    void shouldShareOneInMemoryRegistryPerName() {
        SchemaRegistry first = SchemaRegistries.fromUrl("mem://registries-test");
        int id = first.register("orders-value", TestSchemas.ORDER_V1);

        assertThat(SchemaRegistries.fromUrl("mem://registries-test")).isSameAs(first);
        assertThat(SchemaRegistries.fromUrl("mem://registries-test-other").idOf("orders-value", TestSchemas.ORDER_V1))
                .isEmpty();
        assertThat(SchemaRegistries.fromUrl("mem://registries-test").schemaById(id)).isEqualTo(TestSchemas.ORDER_V1);
    }

    @Test
    void shouldBuildRestClientForHttpUrlWithoutCredentials() {
        SchemaRegistry registry = SchemaRegistries.fromUrl("https://user:secret@registry.example:8081/apis/ccompat/v7/");

        assertThat(registry).isInstanceOfSatisfying(ConfluentRestSchemaRegistry.class,
                rest -> assertThat(rest.url()).isEqualTo("https://registry.example:8081/apis/ccompat/v7"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ftp://registry:8081     | Invalid schema registry URL 'ftp://registry:8081': expected mem://<name>, http://host:port or https://host:port",
        "registry:8081           | Invalid schema registry URL 'registry:8081': expected mem://<name>, http://host:port or https://host:port",
        "mem://                  | Invalid schema registry URL 'mem://': an in-memory registry needs a name of letters, digits, '.', '_' or '-', as in mem://local",
        "http://                 | Invalid schema registry URL 'http://': Expected authority at index 7: http://",
        "http://u:pw@/x          | Invalid schema registry URL 'http://***@/x': no host",
        "http://host:8081/?a=b   | Invalid schema registry URL 'http://host:8081/?a=b': must not have a query or fragment",
    })
    void shouldRejectBadUrlNamingIt(String url, String message) {
        assertThatThrownBy(() -> SchemaRegistries.fromUrl(url))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessage(message);
    }
}
