package io.activationworker.mail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Plain sockets with Nagle's algorithm off, for the SMTP client. An SMTP client writes small
 * commands; with Nagle on, a command written while the previous one is unacknowledged waits for
 * that acknowledgement, which the relay delays (up to 40 ms on Linux) until it has a reply to
 * carry it. Pipelined MAIL FROM, RCPT TO and DATA then went out one acknowledgement apart, and
 * against a relay 20 ms away pipelining was slower than waiting for each reply (bench/NOTES.md,
 * issue 18).
 */
final class NoDelaySocketFactory extends SocketFactory {

    @Override
    public Socket createSocket() {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
        } catch (IOException e) {
            throw new IllegalStateException("cannot switch Nagle's algorithm off", e);
        }
        return s;
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return noDelay(new Socket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return noDelay(new Socket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return noDelay(new Socket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return noDelay(new Socket(address, port, localAddress, localPort));
    }

    private static Socket noDelay(Socket s) throws IOException {
        s.setTcpNoDelay(true);
        return s;
    }
}
