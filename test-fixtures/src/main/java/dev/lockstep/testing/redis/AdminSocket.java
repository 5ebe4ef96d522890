package dev.lockstep.testing.redis;

import dev.lockstep.testing.FixtureException;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One RESP connection for the few admin commands a fixture sends while setting servers up (CLUSTER
 * ADDSLOTS, MEET, INFO). Hand-written because test-fixtures' main code carries no Redis client (Lettuce
 * is the online store's choice, not the fixtures'); it reads only the reply kinds those commands give.
 */
final class AdminSocket implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final int port;

    AdminSocket(int port) {
        this.port = port;
        this.socket = new Socket();
        try {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            socket.setSoTimeout(5_000);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream());
        } catch (IOException e) {
            close();
            throw new FixtureException("cannot connect to redis-server on port " + port, e);
        }
    }

    /** Sends one command and returns its reply as text: a status, an integer, or a bulk string's content. */
    String command(List<String> arguments) {
        try {
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.write(("*" + arguments.size() + "\r\n").getBytes(StandardCharsets.US_ASCII));
            for (String argument : arguments) {
                byte[] bytes = argument.getBytes(StandardCharsets.UTF_8);
                request.write(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
                request.write(bytes);
                request.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write(request.toByteArray());
            out.flush();
            String line = readLine();
            char kind = line.isEmpty() ? '?' : line.charAt(0);
            return switch (kind) {
                case '+', ':' -> line.substring(1);
                case '$' -> readBulk(Integer.parseInt(line.substring(1)));
                case '-' -> throw new FixtureException("redis-server on port " + port + " answered "
                        + summary(arguments) + " with an error: " + line.substring(1));
                default -> throw new FixtureException("redis-server on port " + port + " answered "
                        + summary(arguments) + " with an unexpected reply: " + line);
            };
        } catch (IOException e) {
            throw new FixtureException("redis-server on port " + port + " did not answer " + summary(arguments), e);
        }
    }

    private String readBulk(int length) throws IOException {
        if (length < 0) {
            return null;
        }
        byte[] bytes = in.readNBytes(length + 2); // the content and its CRLF
        if (bytes.length < length + 2) {
            throw new IOException("connection closed in the middle of a reply");
        }
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b; (b = in.read()) != -1; ) {
            if (b == '\n' && !line.isEmpty() && line.charAt(line.length() - 1) == '\r') {
                return line.substring(0, line.length() - 1);
            }
            line.append((char) b);
        }
        throw new IOException("connection closed before a reply");
    }

    private static String summary(List<String> arguments) {
        return String.join(" ", arguments.subList(0, Math.min(3, arguments.size())))
                + (arguments.size() > 3 ? " ... (" + arguments.size() + " arguments)" : "");
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Nothing left to release.
        }
    }
}
