package dev.lockstep.store.internal;

import dev.lockstep.store.OnlineStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script from this package's resources, with its SHA-1 so it can be run by EVALSHA. Redis keeps
 * scripts only until it restarts, so callers fall back to EVAL on NOSCRIPT (see {@link ScriptRunner}).
 */
public record LuaScript(String name, String source, String sha1) {

    public static final LuaScript TILE_GUARD = load("tile-guard.lua");
    public static final LuaScript HEARTBEAT_GUARD = load("heartbeat-guard.lua");

    static LuaScript load(String resource) {
        try (InputStream in = LuaScript.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new OnlineStoreException("Lua script " + resource + " is missing from the online-store jar");
            }
            String source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new LuaScript(resource, source, sha1(source));
        } catch (IOException e) {
            throw new OnlineStoreException("failed to read Lua script " + resource + " from the online-store jar", e);
        }
    }

    private static String sha1(String source) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new OnlineStoreException("SHA-1 is unavailable in this JVM; it names Lua scripts for EVALSHA", e);
        }
    }
}
