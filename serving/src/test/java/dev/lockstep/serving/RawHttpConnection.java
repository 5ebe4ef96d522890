package dev.lockstep.serving;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One keep-alive HTTP/1.1 connection on a plain socket: writes a prepared request, reads the status line, the
 * headers and a {@code Content-Length} body. For the load client (the JDK's HTTP client costs more CPU on a
 * machine shared with the server) and for tests that must send a request on a connection opened earlier.
 */
final class RawHttpConnection implements AutoCloseable {

    /** An answer; header names in lower case. */
    record Reply(int status, Map<String, String> headers, String body) {
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawHttpConnection(URI server) throws IOException {
        socket = new Socket(server.getHost(), server.getPort());
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(10_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** A GET of {@code path} with only a Host header. */
    static byte[] get(URI server, String path) {
        return ("GET " + path + " HTTP/1.1\r\nHost: " + server.getHost() + ":" + server.getPort() + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    Reply exchange(byte[] request) throws IOException {
        out.write(request);
        out.flush();
        int status = Integer.parseInt(line().substring(9, 12));
        Map<String, String> headers = new LinkedHashMap<>();
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        return new Reply(status, headers, new String(in.readNBytes(length), StandardCharsets.UTF_8));
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException("connection closed by the server");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
