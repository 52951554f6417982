package io.activationworker.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * The web baseline: a bare JDK HttpServer answering "hello" with the product's server settings
 * (TCP_NODELAY, backlog 256, a fixed pool of 64 threads), in a JVM started like the product's.
 *
 * <p>Args: port
 */
public final class HelloServer {

    public static void main(String[] args) throws Exception {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        byte[] hello = "hello\n".getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 256);
        server.setExecutor(Executors.newFixedThreadPool(64));
        server.createContext("/", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(200, hello.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(hello);
            }
        });
        server.start();
        System.out.println("hello server listening");
    }
}
