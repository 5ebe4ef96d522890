package dev.lockstep.serving;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What one API bearer token may use: the feature services it may read ({@code POST /v1/features}) and the
 * models it may call ({@code POST /v1/predict/<model>}), {@value #ALL} for all of them. The token itself is
 * kept only as its SHA-256, so a grants file holds no secret.
 *
 * @param name        who holds it, for error messages (never the token)
 * @param tokenSha256 SHA-256 of the token's UTF-8 bytes (32 bytes)
 * @param services    feature services it may read; {@value #ALL}: every one; empty: none
 * @param models      models it may call; {@value #ALL}: every one; empty: none
 */
public record ApiGrant(String name, byte[] tokenSha256, Set<String> services, Set<String> models) {

    /** Grants every service (or model). */
    public static final String ALL = "*";

    private static final int SHA256_BYTES = 32;
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    public ApiGrant {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an API grant needs a name");
        }
        if (tokenSha256 == null || tokenSha256.length != SHA256_BYTES) {
            throw new IllegalArgumentException("API grant " + name + ": the token's SHA-256 must be " + SHA256_BYTES
                    + " bytes, got " + (tokenSha256 == null ? "none" : tokenSha256.length));
        }
        tokenSha256 = tokenSha256.clone();
        services = checked(name, "services", services);
        models = checked(name, "models", models);
    }

    /** A grant of everything to {@code token}, as every token of {@code LOCKSTEP_API_TOKENS} has. */
    public static ApiGrant everything(String name, String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException(name + " is blank");
        }
        return new ApiGrant(name, sha256(token), Set.of(ALL), Set.of(ALL));
    }

    /** SHA-256 of the token's UTF-8 bytes, as a grants file holds it (hex: {@code printf %s "$TOKEN" | sha256sum}). */
    public static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    public boolean coversService(String service) {
        return covers(services, service);
    }

    public boolean coversModel(String model) {
        return covers(models, model);
    }

    /** Whether a grant's list of services (or models) covers {@code name}: it holds it, or {@value #ALL}. */
    public static boolean covers(Set<String> granted, String name) {
        return granted.contains(ALL) || granted.contains(name);
    }

    /**
     * Reads a grants file: a YAML list of {@code {name, sha256, services, models}}, {@code sha256} in hex,
     * {@code services} and {@code models} lists (left out: none). Names and token hashes must be unique.
     *
     * @throws IllegalArgumentException naming the file, the entry and what is wrong with it
     */
    public static List<ApiGrant> readYaml(Path file) {
        Entry[] entries;
        try {
            String yaml = Files.readString(file);
            entries = yaml.isBlank() ? null : YAML.readValue(yaml, Entry[].class);
        } catch (MismatchedInputException e) {
            throw new IllegalArgumentException("invalid API grants file " + file + ": " + e.getOriginalMessage()
                    + "; expected a list of {name, sha256, services, models}", e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("invalid API grants file " + file + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the API grants file " + file + ": " + e, e);
        }
        if (entries == null || entries.length == 0) {
            throw new IllegalArgumentException("invalid API grants file " + file + ": no grant in it");
        }
        List<ApiGrant> grants = new ArrayList<>(entries.length);
        Set<String> names = new HashSet<>();
        Set<String> hashes = new HashSet<>();
        for (int i = 0; i < entries.length; i++) {
            Entry entry = entries[i];
            String where = "invalid API grants file " + file + ", entry " + (i + 1) + " of " + entries.length
                    + (entry != null && entry.name != null ? " (" + entry.name + ")" : "") + ": ";
            if (entry == null) {
                throw new IllegalArgumentException(where + "empty");
            }
            byte[] hash;
            try {
                hash = HexFormat.of().parseHex(entry.sha256 == null ? "" : entry.sha256.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + "sha256 '" + entry.sha256 + "' is not hex", e);
            }
            ApiGrant grant;
            try {
                grant = new ApiGrant(entry.name, hash, listed(entry.services), listed(entry.models));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + e.getMessage(), e);
            }
            if (!names.add(grant.name())) {
                throw new IllegalArgumentException(where + "the name " + grant.name() + " is taken by an earlier entry");
            }
            if (!hashes.add(HexFormat.of().formatHex(hash))) {
                throw new IllegalArgumentException(where + "the same token hash as an earlier entry");
            }
            grants.add(grant);
        }
        return List.copyOf(grants);
    }

    private static Set<String> listed(List<String> names) {
        return names == null ? Set.of() : new LinkedHashSet<>(names);
    }

    private static Set<String> checked(String grant, String what, Set<String> names) {
        if (names == null) {
            throw new IllegalArgumentException("API grant " + grant + ": " + what + " must be a list (empty: none)");
        }
        for (String name : names) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("API grant " + grant + ": a blank name among its " + what);
            }
        }
        return Set.copyOf(names);
    }

    /** The hash stays out of logs. */
    @Override
    public String toString() {
        return "ApiGrant[name=" + name + ", services=" + services + ", models=" + models + "]";
    }

    /** One entry of a grants file, as written. */
    private record Entry(String name, String sha256, List<String> services, List<String> models) {
    }
}
