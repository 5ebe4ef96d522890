package dev.lockstep.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BatchSessionTest {

    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = BatchSession.local("batch-session-test", 2);
    }

    @AfterAll
    static void stop() {
        spark.stop();
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
        assertThat(spark.createDataFrame(List.of(new Pair("a", 1)), Pair.class).count()).isEqualTo(1);
    }

    /** A bean for the encoder check: Spark's Java bean encoder must work on this classpath. */
    public static class Pair implements java.io.Serializable {
        private String name;
        private int value;

        public Pair() {
        }

        Pair(String name, int value) {
            this.name = name;
            this.value = value;
        }

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public int getValue() {
            return value;
        }

        public void setValue(int value) {
            this.value = value;
        }
    }
}
