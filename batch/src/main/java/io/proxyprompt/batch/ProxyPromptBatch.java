package io.proxyprompt.batch;

import io.proxyprompt.image.ImageLoadException;
import io.proxyprompt.inference.DeviceException;
import io.proxyprompt.inference.ModelLoadException;
import io.proxyprompt.segment.InvalidSupportException;
import org.apache.spark.SparkException;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.PrintStream;

/**
 * {@code proxyprompt-batch}: the batch job's entry point, for {@code spark-submit --class} or a plain {@code java}
 * with Spark on the class path (then it runs on {@code --master}, or {@code local[*]}).
 */
public final class ProxyPromptBatch {

    static final int OK = 0;
    static final int BAD_INPUT = 2;
    static final int MODEL_ERROR = 3;

    private ProxyPromptBatch() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (BatchOptions.wantsHelp(args)) {
            out.print(BatchOptions.USAGE);
            return OK;
        }
        BatchOptions options;
        try {
            options = BatchOptions.parse(args);
        } catch (BatchOptions.UsageException e) {
            err.println("proxyprompt-batch: " + e.getMessage() + " (see --help)");
            return BAD_INPUT;
        }
        SparkSession spark = session(options.master());
        try {
            return run(options, spark, out, err);
        } finally {
            spark.stop();
        }
    }

    /** Runs the job on a session the caller owns; failures become a message and an exit status. */
    static int run(BatchOptions options, SparkSession spark, PrintStream out, PrintStream err) {
        try {
            BatchJob.Result result = new BatchJob(spark, out).run(options);
            JobSummary.print(result, out);
            return OK;
        } catch (BatchInputException | ImageLoadException | InvalidSupportException | IOException e) {
            err.println("proxyprompt-batch: " + e.getMessage());
            return BAD_INPUT;
        } catch (ModelLoadException e) {
            err.println("proxyprompt-batch: " + e.getMessage());
            return MODEL_ERROR;
        } catch (RuntimeException e) {
            if (causedBy(e, DeviceException.class) || causedBy(e, ModelLoadException.class)) {
                err.println("proxyprompt-batch: an executor could not open the model: " + rootMessage(e));
                return MODEL_ERROR;
            }
            throw e;
        }
    }

    /** The session: on {@code --master}, else spark-submit's master, else all local cores. */
    static SparkSession session(String master) {
        SparkSession.Builder b = SparkSession.builder().appName("proxyprompt-batch");
        String configured = master != null ? master : System.getProperty("spark.master", "local[*]");
        b.master(configured);
        if (configured.startsWith("local")) {
            // a local run serves nothing to other machines
            b.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1");
        }
        return b.getOrCreate();
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t) || (t instanceof SparkException && t.getMessage() != null
                    && t.getMessage().contains(type.getSimpleName()))) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
