package dev.hearth.client.inference;

import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A cold {@link Flow.Publisher} over a {@link Stream} source: each subscriber gets its own request, made on a virtual
 * thread once it has subscribed, and items as it asks for them. {@code cancel()} closes the stream, which closes the
 * HTTP connection, which makes the server cancel the generation.
 *
 * <p>Signals to one subscriber come from its one thread, in order, never concurrently (Reactive Streams §1.3).
 */
final class StreamPublisher<T> implements Flow.Publisher<T> {

    private final Supplier<Stream<T>> source;

    StreamPublisher(Supplier<Stream<T>> source) {
        this.source = source;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super T> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        Subscription s = new Subscription(subscriber);
        subscriber.onSubscribe(s);
        Thread.ofVirtual().name("hearth-stream").start(s::run);
    }

    private final class Subscription implements Flow.Subscription {
        private final Flow.Subscriber<? super T> subscriber;
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition demanded = lock.newCondition();
        private long demand;           // guarded by lock
        private Throwable badRequest;  // guarded by lock; a non-positive request(n) ends the subscription (§3.9)
        private volatile boolean cancelled;
        private volatile Stream<T> open;

        Subscription(Flow.Subscriber<? super T> subscriber) {
            this.subscriber = subscriber;
        }

        @Override
        public void request(long n) {
            lock.lock();
            try {
                if (n <= 0) badRequest = new IllegalArgumentException("request(n) needs n > 0, got " + n);
                else demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
                demanded.signalAll();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
            Stream<T> s = open;
            if (s != null) s.close();
            lock.lock();
            try {
                demanded.signalAll();
            } finally {
                lock.unlock();
            }
        }

        void run() {
            try (Stream<T> stream = source.get()) {
                open = stream;
                if (cancelled) return;
                Iterator<T> items = stream.iterator();
                while (awaitDemand()) {
                    if (!items.hasNext()) {
                        if (!cancelled) subscriber.onComplete();
                        return;
                    }
                    T item = items.next();
                    if (cancelled) return;
                    subscriber.onNext(item);
                }
            } catch (Throwable e) {
                if (!cancelled) subscriber.onError(e);
            }
        }

        /** Waits until the subscriber wants an item; false when it cancelled. Takes one unit of demand. */
        private boolean awaitDemand() throws Throwable {
            lock.lock();
            try {
                while (demand == 0 && !cancelled && badRequest == null) demanded.await();
                if (badRequest != null) throw badRequest;
                if (cancelled) return false;
                if (demand != Long.MAX_VALUE) demand--;
                return true;
            } finally {
                lock.unlock();
            }
        }
    }
}
