package dev.lockstep.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The grants file: what it holds, and each way it can be wrong, named with its entry. */
class ApiGrantTest {

    /** {@code printf %s checkout-token | sha256sum}. */
    static final String CHECKOUT_SHA256 = HexFormat.of().formatHex(ApiGrant.sha256("checkout-token"));

    @TempDir
    Path dir;

    @Test
    void shouldReadEachGrantWithItsServicesAndModelsLeftOutMeaningNone() throws IOException {
        Path file = write("""
                - name: checkout
                  sha256: %s
                  services: [fraud_v1, daily]
                  models: [fraud]
                - name: reporting
                  sha256: %s
                  services: ["*"]
                """.formatted(CHECKOUT_SHA256, HexFormat.of().formatHex(ApiGrant.sha256("reporting-token"))));

        List<ApiGrant> grants = ApiGrant.readYaml(file);

        assertThat(grants).extracting(ApiGrant::name).containsExactly("checkout", "reporting");
        ApiGrant checkout = grants.get(0);
        assertThat(checkout.tokenSha256()).isEqualTo(ApiGrant.sha256("checkout-token"));
        assertThat(checkout.services()).isEqualTo(Set.of("fraud_v1", "daily"));
        assertThat(checkout.coversService("daily")).isTrue();
        assertThat(checkout.coversService("fraud_strict")).isFalse();
        assertThat(checkout.coversModel("fraud")).isTrue();
        ApiGrant reporting = grants.get(1);
        assertThat(reporting.coversService("anything")).isTrue();
        assertThat(reporting.models()).as("left out").isEmpty();
        assertThat(reporting.coversModel("fraud")).isFalse();
        assertThat(checkout.toString()).doesNotContain(CHECKOUT_SHA256).contains("checkout");
    }

    @Test
    void shouldNameTheFileTheEntryAndTheProblem() throws IOException {
        assertInvalid("- name: a\n  sha256: xyz\n", "entry 1 of 1 (a): sha256 'xyz' is not hex");
        assertInvalid("- name: a\n  sha256: abcd\n", "entry 1 of 1 (a): API grant a: the token's SHA-256 must be 32 bytes, got 2");
        assertInvalid("- sha256: " + CHECKOUT_SHA256 + "\n", "entry 1 of 1: an API grant needs a name");
        assertInvalid("- name: a\n  sha256: " + CHECKOUT_SHA256 + "\n- name: a\n  sha256: "
                + HexFormat.of().formatHex(ApiGrant.sha256("other")) + "\n",
                "entry 2 of 2 (a): the name a is taken by an earlier entry");
        assertInvalid("- name: a\n  sha256: " + CHECKOUT_SHA256 + "\n- name: b\n  sha256: " + CHECKOUT_SHA256 + "\n",
                "entry 2 of 2 (b): the same token hash as an earlier entry");
        assertInvalid("- name: a\n  sha256: " + CHECKOUT_SHA256 + "\n  services: [fraud_v1, '']\n",
                "entry 1 of 1 (a): API grant a: a blank name among its services");
        assertInvalid("- name: a\n  sha256: " + CHECKOUT_SHA256 + "\n  service: [fraud_v1]\n",
                "Unrecognized field \"service\"");
        assertInvalid("name: a\n", "expected a list of {name, sha256, services, models}");
        assertInvalid("", "no grant in it");
        assertThatThrownBy(() -> ApiGrant.readYaml(dir.resolve("missing.yaml")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot read the API grants file " + dir.resolve("missing.yaml"));
    }

    private void assertInvalid(String yaml, String problem) throws IOException {
        Path file = write(yaml);
        assertThatThrownBy(() -> ApiGrant.readYaml(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid API grants file " + file)
                .hasMessageContaining(problem);
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(Files.createTempFile(dir, "grants", ".yaml"), yaml);
    }
}
