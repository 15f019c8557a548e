package dev.hearth.kubernetes;

import dev.hearth.server.leader.Leadership;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Leader election among the control-plane pods through a Kubernetes {@code Lease} ({@code coordination.k8s.io/v1}),
 * with fabric8's {@code LeaderElector}: the leader is the Lease's holder, which renews it every {@code retry}.
 *
 * <p>Invariants:
 * <ul>
 *   <li>A leader that cannot renew within {@code renewDeadline} is deposed (fabric8 calls {@code onStopLeading}),
 *       before its Lease's {@code leaseDuration} has run out: so another instance, which may take the Lease only once
 *       that has run out since its last renewal, never leads at the same time (clocks permitting).</li>
 *   <li>A leader that dies (kill -9 included) stops renewing; the others take over within {@code leaseDuration} plus
 *       one {@code retry}. One that closes releases the Lease, and another takes over within one {@code retry}.</li>
 *   <li>An elector that lost the leadership has ended (fabric8 electors run once): a new one joins the election
 *       again at once, until {@link #close}.</li>
 *   <li>The listener hears {@code elected} and {@code deposed} alternately, starting with {@code elected}, on one
 *       thread of its own: building the leader's duties must not hold up fabric8's renewals.</li>
 * </ul>
 */
public final class LeaseLeadership implements Leadership {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseLeadership.class);

    /** The timings: a Lease lasts {@code leaseDuration}, is renewed every {@code retry}, lost past {@code renewDeadline}. */
    public record Timings(Duration leaseDuration, Duration renewDeadline, Duration retry) {
        public Timings {
            if (renewDeadline.compareTo(leaseDuration) >= 0 || retry.compareTo(renewDeadline) >= 0) {
                throw new IllegalArgumentException("need retry < renewDeadline < leaseDuration: " + retry + ", "
                        + renewDeadline + ", " + leaseDuration);
            }
        }

        /** 15 s Lease, 10 s renew deadline, 2 s retry: a dead leader is replaced within about 17 s, a closed one in 2 s. */
        public static Timings defaults() {
            return new Timings(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2));
        }
    }

    /** The Lease's name in the control plane's namespace. */
    public static final String LEASE = "hearth-control-plane";

    private final KubernetesClient client;
    private final String namespace;
    private final String lease;
    private final String identity;
    private final Timings timings;
    private final ExecutorService notices = Executors.newSingleThreadExecutor(Thread.ofPlatform()
            .name("hearth-leadership").daemon(true).factory());
    private Listener listener;
    private CompletableFuture<?> running;
    private boolean leader;
    private boolean closed;

    /**
     * @param identity this instance's name, unique among the instances (the pod name), written into the Lease
     */
    public LeaseLeadership(KubernetesClient client, String namespace, String lease, String identity, Timings timings) {
        this.client = client;
        this.namespace = namespace;
        this.lease = lease;
        this.identity = identity;
        this.timings = timings;
    }

    @Override
    public synchronized void start(Listener listener) {
        if (this.listener != null) throw new IllegalStateException("already started");
        this.listener = listener;
        join();
    }

    /** Starts an elector; when it ends (leadership lost, or the API failed), another joins, until closed. */
    private synchronized void join() {
        if (closed) return;
        var elector = client.leaderElector().withConfig(new LeaderElectionConfigBuilder()
                .withName("hearth")
                .withLock(new LeaseLock(namespace, lease, identity))
                .withLeaseDuration(timings.leaseDuration())
                .withRenewDeadline(timings.renewDeadline())
                .withRetryPeriod(timings.retry())
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(this::elected, this::deposed,
                        holder -> LOG.info("the control plane's leader is now {}", holder)))
                .build()).build();
        CompletableFuture<?> f = elector.start();
        running = f;
        f.whenComplete((ok, error) -> {
            if (error != null && !f.isCancelled()) LOG.warn("leader election ended: {}", error.toString());
            deposed(); // an elector that ended leads no more
            Thread.ofVirtual().name("hearth-lease-rejoin").start(this::rejoin);
        });
    }

    private void rejoin() {
        try {
            Thread.sleep(timings.retry()); // not in a tight loop while the API fails
        } catch (InterruptedException e) {
            return;
        }
        join();
    }

    private void elected() {
        Listener l;
        synchronized (this) {
            if (leader || closed) return;
            leader = true;
            l = listener;
        }
        LOG.info("instance {} holds the Lease {}/{}: it runs the reconciler and the autoscaler", identity, namespace, lease);
        notices.execute(() -> call(l::elected));
    }

    private void deposed() {
        Listener l;
        synchronized (this) {
            if (!leader) return;
            leader = false;
            l = listener;
        }
        LOG.info("instance {} no longer holds the Lease {}/{}", identity, namespace, lease);
        notices.execute(() -> call(l::deposed));
    }

    private static void call(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.error("leadership listener failed", e);
        }
    }

    @Override
    public synchronized boolean isLeader() {
        return leader;
    }

    /** Leaves the election: the elector is cancelled, which releases the Lease if held (so the next takes over soon). */
    @Override
    public void close() {
        CompletableFuture<?> f;
        synchronized (this) {
            closed = true;
            f = running;
        }
        if (f != null) f.cancel(true);
        deposed();
        notices.shutdown(); // after the last notice: the listener has heard deposed when close returns
        try {
            notices.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
