package dev.lockstep.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.store.OnlineStoreException;
import io.lettuce.core.RedisURI;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class RedisEndpointsTest {

    @Test
    void shouldTakeAPlainRedisUriAsOneServer() {
        RedisEndpoints endpoints = RedisEndpoints.parse("redis://10.0.0.5:6380");

        assertThat(endpoints.cluster()).isFalse();
        assertThat(endpoints.uris()).extracting(RedisURI::getHost, RedisURI::getPort)
                .containsExactly(Tuple.tuple("10.0.0.5", 6380));
        assertThat(endpoints.display()).isEqualTo("10.0.0.5:6380");
    }

    @Test
    void shouldTakeEverySeedOfAClusterUriWithTheSameCredentialsAndOptions() {
        RedisEndpoints endpoints = RedisEndpoints.parse("rediss-cluster://app:s3cret@a.example:7000,b.example,c.example:7002/?timeout=3s");

        assertThat(endpoints.cluster()).isTrue();
        assertThat(endpoints.uris()).hasSize(3).allSatisfy(seed -> {
            assertThat(seed.isSsl()).isTrue();
            assertThat(seed.getUsername()).isEqualTo("app");
            assertThat(new String(seed.getPassword())).isEqualTo("s3cret");
        });
        assertThat(endpoints.uris()).extracting(RedisURI::getHost).containsExactly("a.example", "b.example", "c.example");
        assertThat(endpoints.uris()).extracting(RedisURI::getPort).containsExactly(7000, 6379, 7002);
        assertThat(endpoints.display()).isEqualTo("cluster a.example:7000,b.example:6379,c.example:7002")
                .doesNotContain("s3cret");
    }

    @Test
    void shouldTakeOneSeedAsACluster() {
        RedisEndpoints endpoints = RedisEndpoints.parse("redis-cluster://127.0.0.1:7000");

        assertThat(endpoints.cluster()).isTrue();
        assertThat(endpoints.uris()).singleElement().satisfies(seed -> assertThat(seed.isSsl()).isFalse());
    }

    @Test
    void shouldRejectAnEmptySeedNamingTheSettingWithoutItsPassword() {
        assertThatThrownBy(() -> RedisEndpoints.parse("redis-cluster://:s3cret@a:7000,,b:7001"))
                .isInstanceOf(OnlineStoreException.class)
                .hasMessage("invalid value redis-cluster://***@a:7000,,b:7001 for Redis store setting uri:"
                        + " a seed node is empty; list them as host:port,host:port");
    }

    @Test
    void shouldRejectAClusterSchemeOtherThanRedisOrRediss() {
        assertThatThrownBy(() -> RedisEndpoints.parse("valkey-cluster://a:7000"))
                .isInstanceOf(OnlineStoreException.class)
                .hasMessageContaining("a cluster URI starts with redis-cluster:// or rediss-cluster://");
    }

    @Test
    void shouldRejectWhatLettuceCannotParse() {
        assertThatThrownBy(() -> RedisEndpoints.parse("redis://"))
                .isInstanceOf(OnlineStoreException.class)
                .hasMessageStartingWith("invalid value redis:// for Redis store setting uri:");
        assertThatThrownBy(() -> RedisEndpoints.parse("redis-cluster://"))
                .isInstanceOf(OnlineStoreException.class)
                .hasMessageContaining("a seed node is empty");
        assertThatThrownBy(() -> RedisEndpoints.parse("nonsense"))
                .isInstanceOf(OnlineStoreException.class)
                .hasMessageStartingWith("invalid value nonsense for Redis store setting uri:");
    }

    @Test
    void shouldRedactUserInfoAndLeaveTheRestAsWritten() {
        assertThat(RedisEndpoints.redacted("rediss-cluster://app:s3cret@a:7000,b:7001/?timeout=3s"))
                .isEqualTo("rediss-cluster://***@a:7000,b:7001/?timeout=3s");
        assertThat(RedisEndpoints.redacted("redis://:s3cret@10.0.0.5:6379/0")).isEqualTo("redis://***@10.0.0.5:6379/0");
        assertThat(RedisEndpoints.redacted("redis://10.0.0.5:6379")).isEqualTo("redis://10.0.0.5:6379");
        assertThat(RedisEndpoints.redacted("redis://10.0.0.5:6379/?clientName=a@b"))
                .as("an @ after the authority is not user info").isEqualTo("redis://10.0.0.5:6379/?clientName=a@b");
    }
}
