package dev.lockstep.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BatchSessionIT {

    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = TestSpark.session();
    }

    @Test
    void shouldRejectAnEmptyThreadPool() {
        assertThatThrownBy(() -> BatchSession.local("none", 0))
                .hasMessageContaining("Invalid value 0 for threads");
    }

    @Test
    void shouldRunAJobOnTheLocalSession() {
        long evens = spark.range(0, 1000, 1, 2).filter("id % 2 = 0").count();

        assertThat(evens).isEqualTo(500);
    }

    @Test
    void shouldKeepTheDriverOnLoopbackWithoutUi() {
        assertThat(spark.conf().get("spark.driver.host")).isEqualTo("127.0.0.1");
        assertThat(spark.sparkContext().uiWebUrl().isEmpty()).isTrue();
    }
}
