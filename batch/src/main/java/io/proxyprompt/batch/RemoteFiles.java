package io.proxyprompt.batch;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Copies targets named by URIs of other file systems (hdfs://, s3a://, ...) to an executor's local disk through
 * Hadoop's file systems, configured as the driver's Spark context is ({@code spark.hadoop.*}, core-site.xml), since
 * the image and DICOM readers read local files. A folder URI (a DICOM series) is copied whole.
 */
final class RemoteFiles implements Serializable {

    private final Map<String, String> hadoopConf;

    private RemoteFiles(Map<String, String> hadoopConf) {
        this.hadoopConf = hadoopConf;
    }

    /** The driver's Hadoop configuration, to ship with the tasks. */
    static RemoteFiles of(Configuration conf) {
        Map<String, String> copy = new HashMap<>();
        conf.forEach(e -> copy.put(e.getKey(), e.getValue()));
        return new RemoteFiles(copy);
    }

    /**
     * Copies {@code uri} into {@code dir}.
     *
     * @return the local copy, named as the remote file or folder
     * @throws IOException the file system is unknown or the file cannot be read (the message names the URI)
     */
    Path fetch(String uri, Path dir) throws IOException {
        Configuration conf = new Configuration(false);
        hadoopConf.forEach(conf::set);
        org.apache.hadoop.fs.Path source = new org.apache.hadoop.fs.Path(URI.create(uri));
        Path local = dir.resolve(source.getName().isEmpty() ? "target" : source.getName());
        try {
            FileSystem fs = source.getFileSystem(conf);
            Files.createDirectories(dir);
            fs.copyToLocalFile(false, source, new org.apache.hadoop.fs.Path(local.toUri()), true);
        } catch (IOException | RuntimeException e) {
            throw new IOException(uri + ": cannot be copied from its file system (" + e.getMessage()
                    + "); check the URI and the cluster's Hadoop configuration for its scheme", e);
        }
        return local;
    }
}
