package org.envelopejca.server;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.SocketChannelEndPoint;

/**
 * The deadlines Jetty's idle timeout does not give: a client that sends one byte now and then is never idle, yet
 * must not keep a connection (and, over TLS, a handshake) open for ever. A sweeper closes a network connection when
 * <ul>
 *   <li>a request's header (on a new connection: the TLS handshake and the first header) has not been complete within
 *       the header timeout of its first byte (of the connection's opening, for the first request);</li>
 *   <li>a request's body, once its header is in, arrives more slowly than the minimum data rate (averaged from the
 *       end of the header, after a grace period).</li>
 * </ul>
 * Jetty 12 stores a minimum request data rate in its configuration but does not enforce it; this does.
 *
 * <p>Connections are known by their remote address (one open connection per address and port), which the network
 * connection and, over TLS, the HTTP connection stacked on it share.
 */
final class ConnectionDeadlines implements Connection.Listener, AutoCloseable {
    private static final long SWEEP_MILLIS = 200;

    private final long headerNanos;
    private final long graceNanos;
    private final long minBytesPerSecond;
    private final Map<SocketAddress, Tracked> open = new ConcurrentHashMap<>();
    private final AtomicLong closedSlow = new AtomicLong();
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "kms-server-deadlines");
        t.setDaemon(true);
        return t;
    });

    ConnectionDeadlines(Duration headerTimeout, Duration bodyGrace, long minBytesPerSecond) {
        this.headerNanos = headerTimeout.toNanos();
        this.graceNanos = bodyGrace.toNanos();
        this.minBytesPerSecond = minBytesPerSecond;
        sweeper.scheduleWithFixedDelay(this::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** One network connection's progress through its current request. */
    static final class Tracked {
        private final Connection connection;
        private final EndPoint endPoint;
        private volatile boolean inRequest;
        private volatile boolean bodyDone;
        private volatile boolean servedOne;
        private volatile long since;
        private volatile long bytesInWhenIdle;
        private volatile long headerSeen = -1;
        private final AtomicLong bodyBytes = new AtomicLong();

        private Tracked(Connection connection, long now) {
            this.connection = connection;
            this.endPoint = connection.getEndPoint();
            this.since = now;
        }

        void bodyRead(int bytes) {
            bodyBytes.addAndGet(bytes);
        }

        void bodyDone() {
            bodyDone = true;
        }
    }

    @Override
    public void onOpened(Connection connection) {
        // Only the network connection: over TLS the HTTP connection above it has the same remote address.
        if (connection.getEndPoint() instanceof SocketChannelEndPoint ep && ep.getRemoteSocketAddress() != null) {
            open.put(ep.getRemoteSocketAddress(), new Tracked(connection, System.nanoTime()));
        }
    }

    @Override
    public void onClosed(Connection connection) {
        SocketAddress remote = connection.getEndPoint().getRemoteSocketAddress();
        if (remote != null) {
            open.computeIfPresent(remote, (k, t) -> t.connection == connection ? null : t);
        }
    }

    /** A request's header is complete; its body is being read. Null for a connection not tracked. */
    Tracked requestBegan(SocketAddress remote) {
        Tracked t = remote == null ? null : open.get(remote);
        if (t != null) {
            t.bodyBytes.set(0);
            t.bodyDone = false;
            t.headerSeen = -1;
            t.since = System.nanoTime();
            t.inRequest = true;
        }
        return t;
    }

    /** The request's answer is sent: from now on the connection waits for the next header. */
    void requestEnded(Tracked t) {
        if (t != null) {
            t.bytesInWhenIdle = t.connection.getBytesIn();
            t.servedOne = true;
            t.since = System.nanoTime();
            t.inRequest = false;
        }
    }

    /** Connections closed for a missed deadline since the start (for tests and the summary). */
    long closedSlow() {
        return closedSlow.get();
    }

    private void sweep() {
        long now = System.nanoTime();
        for (Tracked t : open.values()) {
            if (late(t, now)) {
                closedSlow.incrementAndGet();
                open.remove(t.endPoint.getRemoteSocketAddress(), t);
                t.endPoint.close();
            }
        }
    }

    private boolean late(Tracked t, long now) {
        if (!t.inRequest) {
            long start;
            if (!t.servedOne) {
                start = t.since;
            } else if (t.connection.getBytesIn() > t.bytesInWhenIdle) {
                // bytes of the next request have come: its header deadline runs from the first sweep that saw them
                if (t.headerSeen < 0) {
                    t.headerSeen = now;
                }
                start = t.headerSeen;
            } else {
                return false; // an idle keep-alive connection: Jetty's idle timeout governs it
            }
            return now - start > headerNanos;
        }
        if (t.bodyDone) {
            return false;
        }
        long elapsed = now - t.since;
        if (elapsed <= graceNanos) {
            return false;
        }
        double owed = minBytesPerSecond * ((elapsed - graceNanos) / 1e9);
        return t.bodyBytes.get() < owed;
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}
