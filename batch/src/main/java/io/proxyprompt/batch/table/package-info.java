/**
 * The batch job's result table: one Parquet row per target, frame and object (or one error row per target), written by
 * executors in small files, each committed atomically, that Spark reads as one table.
 */
package io.proxyprompt.batch.table;
