package io.activationworker.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback port nobody listens on right now, for a server that must be told its port before it
 * starts (the product's {@code http.port}, which {@code public.base-url} repeats; PostgreSQL and
 * {@code smtp-sink}, told theirs on the command line) or that listens again on the same port
 * (a PostgreSQL restarted; {@link SmtpFaultProxy}, which stops listening to refuse connections),
 * and for a relay that is down (a port where nothing listens). Where a server can bind port 0 and
 * report what it got (GreenMail, {@code ServerSocket(0)}, the {@link OpenIdProvider}), tests let
 * it do that instead.
 *
 * <p>Why not "bind port 0, read the port, close": that port comes from the kernel's ephemeral
 * range, which every outgoing connection and every other port-0 bind on the machine draws from,
 * so between the close and the server's own bind someone else can take it. Here each test JVM
 * (failsafe fork {@code test.fork}) walks a block of its own below the ephemeral range, never
 * handing out the same port twice, and still checks by binding that nobody holds it.
 */
public final class FreePort {

    /** Below Linux's default ephemeral range (32768–60999): no outgoing connection lands here. */
    private static final int FIRST = 12288;
    private static final int BLOCK = 2048;
    private static final int BLOCKS = 10;

    private static final int BASE = FIRST + BLOCK * (forkNumber() % BLOCKS);
    /** A random start, so two runs of the suite on one machine (two worktrees) rarely meet. */
    private static final AtomicInteger NEXT = new AtomicInteger(ThreadLocalRandom.current().nextInt(BLOCK));

    private FreePort() {
    }

    public static int pick() {
        for (int tries = 0; tries < BLOCK; tries++) {
            int port = BASE + Math.floorMod(NEXT.getAndIncrement(), BLOCK);
            if (bindable(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free loopback port left in " + BASE + "–" + (BASE + BLOCK - 1));
    }

    private static boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** failsafe's {@code ${surefire.forkNumber}} (1, 2 …), passed as {@code -Dtest.fork}; 0 outside a fork. */
    private static int forkNumber() {
        try {
            return Integer.parseInt(System.getProperty("test.fork", "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
