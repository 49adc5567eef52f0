package io.proxyprompt.batch;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one partition (or, merged, the whole run) did: targets segmented and failed, frames, quality flags per code,
 * the first failure messages, and the seconds its executor spent.
 *
 * @param flaggedTargets targets with at least one quality flag on some object
 * @param flags          how many objects carried each flag code
 */
record PartitionReport(int segmented, int failed, int frames, int flaggedTargets, Map<String, Integer> flags,
                       List<String> failures, double seconds) implements Serializable {

    /** Failure messages kept per report (the table has them all). */
    static final int MAX_FAILURES = 20;

    static final PartitionReport EMPTY = new PartitionReport(0, 0, 0, 0, Map.of(), List.of(), 0);

    PartitionReport {
        flags = new TreeMap<>(flags);
        failures = List.copyOf(failures);
    }

    int targets() {
        return segmented + failed;
    }

    PartitionReport plus(PartitionReport o) {
        Map<String, Integer> f = new TreeMap<>(flags);
        o.flags.forEach((k, v) -> f.merge(k, v, Integer::sum));
        List<String> fail = new ArrayList<>(failures);
        o.failures.stream().limit(Math.max(0, MAX_FAILURES - fail.size())).forEach(fail::add);
        return new PartitionReport(segmented + o.segmented, failed + o.failed, frames + o.frames,
                flaggedTargets + o.flaggedTargets, f, fail, seconds + o.seconds);
    }
}
