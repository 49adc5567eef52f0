/**
 * The archive-scale batch job: the application's one batch loop ({@code BatchSegmentation}) and one export
 * ({@code ExportWriter}, {@code OutputLayout}) run on Apache Spark executors over a manifest of photographs and DICOM
 * series, with one segmenter per executor JVM, a restartable Parquet table of measurements and a summary.
 */
package io.proxyprompt.batch;
