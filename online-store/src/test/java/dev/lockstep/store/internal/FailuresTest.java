package dev.lockstep.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.store.OnlineStoreException;
import dev.lockstep.store.RedisUnavailableException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import org.junit.jupiter.api.Test;

class FailuresTest {

    private static OnlineStoreException translate(Throwable failure) {
        return Failures.translate("writeTiles", "ls:v1:{g:e}", "cluster a:7000", failure);
    }

    @Test
    void shouldTreatRepliesThatSayTheClusterCannotServeTheKeyNowAsAnOutage() {
        for (String reply : new String[] {"CLUSTERDOWN The cluster is down", "TRYAGAIN Multiple keys request during rehashing of slot",
                "LOADING Redis is loading the dataset in memory", "MASTERDOWN Link with MASTER is down"}) {
            assertThat(translate(new RedisCommandExecutionException(reply)))
                    .isInstanceOf(RedisUnavailableException.class)
                    .hasMessage("writeTiles failed for ls:v1:{g:e}: Redis at cluster a:7000 cannot serve it now: " + reply);
        }
    }

    @Test
    void shouldTreatOtherErrorRepliesAsFailuresThatARetryWouldRepeat() {
        OnlineStoreException error = translate(new RedisCommandExecutionException(
                "WRONGTYPE Operation against a key holding the wrong kind of value"));

        assertThat(error).isNotInstanceOf(RedisUnavailableException.class)
                .hasMessageContaining("replied with an error: WRONGTYPE");
        assertThat(translate(new RedisCommandExecutionException("ERR CLUSTERDOWN-like text inside")))
                .isNotInstanceOf(RedisUnavailableException.class);
    }

    @Test
    void shouldTreatATimeoutAsAnOutage() {
        assertThat(translate(new RedisCommandTimeoutException("Command timed out after 1 second(s)")))
                .isInstanceOf(RedisUnavailableException.class)
                .hasMessageContaining("is unavailable (RedisCommandTimeoutException");
    }
}
