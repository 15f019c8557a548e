package dev.hearth.hub;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One mutual-exclusion lock per key, held only while someone uses it: an entry exists while at least one thread
 * holds or waits for its lock, and goes when the last one leaves, so a long-lived process that touches many keys
 * keeps only the ones in use.
 *
 * <p>Invariant: {@code users} counts the threads between {@link #lock} and {@link Held#close}; it changes only under
 * the map's monitor, so an entry is removed only when nobody can be waiting on its lock.
 */
final class KeyedLocks<K> {

    private static final class Entry {
        final ReentrantLock lock = new ReentrantLock();
        int users;
    }

    /** The lock on one key, held until closed. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    private final Map<K, Entry> entries = new HashMap<>();

    /** Blocks until this thread holds the key's lock. */
    Held lock(K key) {
        Entry entry;
        synchronized (entries) {
            entry = entries.computeIfAbsent(key, k -> new Entry());
            entry.users++;
        }
        try {
            entry.lock.lock();
        } catch (RuntimeException | Error e) {
            leave(key, entry);
            throw e;
        }
        return () -> {
            entry.lock.unlock();
            leave(key, entry);
        };
    }

    private void leave(K key, Entry entry) {
        synchronized (entries) {
            if (--entry.users == 0) entries.remove(key);
        }
    }

    /** Keys with a holder or a waiter. */
    int inUse() {
        synchronized (entries) {
            return entries.size();
        }
    }
}
