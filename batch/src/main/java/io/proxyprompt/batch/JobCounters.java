package io.proxyprompt.batch;

import org.apache.spark.SparkContext;
import org.apache.spark.util.LongAccumulator;

import java.io.Serializable;

/** The job's named accumulators: Spark's UI shows them on each stage and task as the targets finish. */
record JobCounters(LongAccumulator segmented, LongAccumulator failed, LongAccumulator frames,
                   LongAccumulator flagged) implements Serializable {

    static JobCounters register(SparkContext sc) {
        return new JobCounters(sc.longAccumulator("ProxyPrompt targets segmented"),
                sc.longAccumulator("ProxyPrompt targets failed"),
                sc.longAccumulator("ProxyPrompt frames segmented"),
                sc.longAccumulator("ProxyPrompt targets flagged for review"));
    }
}
