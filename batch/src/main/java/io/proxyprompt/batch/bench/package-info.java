/** Throughput measurement of the batch job against the single-process command line, and the images it runs on. */
package io.proxyprompt.batch.bench;
