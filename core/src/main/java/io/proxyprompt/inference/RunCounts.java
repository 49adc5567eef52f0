package io.proxyprompt.inference;

/**
 * How many times each graph has run and the time spent in it, so callers and tests can see what was cached.
 *
 * @param runs  per {@link Graph#ordinal()}
 * @param nanos per {@link Graph#ordinal()}
 */
public record RunCounts(long[] runs, long[] nanos) {

    public RunCounts {
        runs = runs.clone();
        nanos = nanos.clone();
    }

    public long runs(Graph g) {
        return runs[g.ordinal()];
    }

    public double millis(Graph g) {
        return nanos[g.ordinal()] / 1e6;
    }

    /** Runs of the graph since {@code earlier}. */
    public long runsSince(RunCounts earlier, Graph g) {
        return runs(g) - earlier.runs(g);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("RunCounts[");
        for (Graph g : Graph.values()) {
            sb.append(g.key()).append('=').append(runs(g)).append(' ');
        }
        return sb.append(']').toString();
    }
}
