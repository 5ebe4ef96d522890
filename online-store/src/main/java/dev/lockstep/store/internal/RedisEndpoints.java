package dev.lockstep.store.internal;

import dev.lockstep.store.OnlineStoreException;
import io.lettuce.core.RedisURI;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the store connects, from its one {@code uri} setting: a single Redis ({@code redis://},
 * {@code rediss://}, or another URI Lettuce's {@link RedisURI} takes) or a Redis Cluster given by seed nodes,
 * {@code redis-cluster://[user:password@]host:port[,host:port...][/?options]} ({@code rediss-cluster://}
 * for TLS). Lettuce has no URI form for a cluster (its cluster client takes a list of URIs), so this one
 * spelling lets every application switch to a cluster by its existing Redis setting alone; user info,
 * path and options apply to every seed.
 *
 * @param cluster whether the seeds are nodes of a Redis Cluster
 * @param uris    the one Redis, or the cluster's seeds (at least one)
 * @param display the endpoint as error messages name it, without credentials
 */
public record RedisEndpoints(boolean cluster, List<RedisURI> uris, String display) {

    private static final String CLUSTER_SUFFIX = "-cluster://";
    /** Where the hosts end and the path or options begin. */
    private static final Pattern AUTHORITY_END = Pattern.compile("[/?]");

    public RedisEndpoints {
        uris = List.copyOf(uris);
    }

    public static RedisEndpoints parse(String uri) {
        int schemeEnd = uri.indexOf("://");
        String scheme = schemeEnd < 0 ? "" : uri.substring(0, schemeEnd + 3);
        if (!scheme.endsWith(CLUSTER_SUFFIX)) {
            RedisURI single = create(uri, uri);
            return new RedisEndpoints(false, List.of(single), single.getHost() + ":" + single.getPort());
        }
        String baseScheme = scheme.substring(0, scheme.length() - CLUSTER_SUFFIX.length());
        if (!baseScheme.equals("redis") && !baseScheme.equals("rediss")) {
            throw invalid(uri, "a cluster URI starts with redis-cluster:// or rediss-cluster://");
        }
        String rest = uri.substring(scheme.length());
        Matcher afterAuthority = AUTHORITY_END.matcher(rest);
        int authorityEnd = afterAuthority.find() ? afterAuthority.start() : rest.length();
        String authority = rest.substring(0, authorityEnd);
        String suffix = rest.substring(authorityEnd);
        int at = authority.lastIndexOf('@');
        String userInfo = at < 0 ? "" : authority.substring(0, at + 1);
        List<RedisURI> seeds = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String hostPort : authority.substring(at + 1).split(",", -1)) {
            if (hostPort.isBlank()) {
                throw invalid(uri, "a seed node is empty; list them as host:port,host:port");
            }
            RedisURI seed = create(baseScheme + "://" + userInfo + hostPort.trim() + suffix, uri);
            seeds.add(seed);
            names.add(seed.getHost() + ":" + seed.getPort());
        }
        return new RedisEndpoints(true, seeds, "cluster " + String.join(",", names));
    }

    private static RedisURI create(String text, String setting) {
        try {
            return RedisURI.create(text);
        } catch (IllegalArgumentException e) {
            throw invalid(setting, e.getMessage());
        }
    }

    /** The URI with its user info (user and password) replaced by {@code ***}, for logs and messages. */
    public static String redacted(String uri) {
        return uri.replaceFirst("://[^@/?]*@", "://***@");
    }

    private static OnlineStoreException invalid(String uri, String why) {
        return new OnlineStoreException("invalid value " + redacted(uri) + " for Redis store setting uri: " + why);
    }
}
