package dev.lockstep.wire.internal;

import dev.lockstep.wire.SchemaRegistryException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * An http(s) registry URL split into the base URL (no credentials, no trailing slash) and the
 * optional {@code user:password} of its user-info part, so credentials can go into a header and
 * never into a log line or an error message.
 */
public record RegistryUrl(String baseUrl, Optional<String> userInfo) {

    /**
     * Parses {@code http(s)://[user:password@]host[:port][/path]}.
     *
     * @throws SchemaRegistryException naming the URL (credentials masked) if it is not one
     */
    public static RegistryUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw invalid(url, "must not be blank");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw invalid(url, e.getMessage());
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw invalid(url, "scheme must be http or https");
        }
        if (uri.getHost() == null) {
            throw invalid(url, "no host");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw invalid(url, "must not have a query or fragment");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        String base = scheme.toLowerCase() + "://" + uri.getRawAuthority().replaceFirst("^.*@", "") + path;
        Optional<String> userInfo = Optional.ofNullable(uri.getRawUserInfo())
                .map(info -> URLDecoder.decode(info, StandardCharsets.UTF_8));
        return new RegistryUrl(base, userInfo);
    }

    /** Percent-encodes one path segment; subjects may contain characters such as '/' or spaces. */
    public static String encodePathSegment(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The URL with any user-info replaced by {@code ***}, fit for a message. */
    public static String masked(String url) {
        return url == null ? "null" : url.replaceFirst("//[^/@]*@", "//***@");
    }

    private static SchemaRegistryException invalid(String url, String reason) {
        return new SchemaRegistryException("Invalid schema registry URL '" + masked(url) + "': " + reason);
    }
}
