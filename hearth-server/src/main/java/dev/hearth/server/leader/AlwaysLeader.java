package dev.hearth.server.leader;

/** The one instance of a store no other instance can share (SQLite) is always its leader. */
public final class AlwaysLeader implements Leadership {

    private Listener listener;

    @Override
    public synchronized void start(Listener listener) {
        this.listener = listener;
        listener.elected();
    }

    @Override
    public synchronized boolean isLeader() {
        return listener != null;
    }

    @Override
    public synchronized void close() {
        if (listener != null) listener.deposed();
        listener = null;
    }
}
