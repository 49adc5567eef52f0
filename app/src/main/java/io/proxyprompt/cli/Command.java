package io.proxyprompt.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * One headless sub-command of {@code proxyprompt} (segment, bench, info, ...): a picocli command whose options are
 * declared with annotations and whose {@link #call()} does the work after parsing.
 */
public interface Command extends Callable<Integer> {

    /** Exit status for success. */
    int OK = 0;
    /** Exit status for bad input: an argument, or a file that cannot be read (the message names it). */
    int BAD_INPUT = 2;
    /** Exit status for a model or execution-device failure. */
    int MODEL_ERROR = 3;
    /** Exit status for a PACS that could not be reached, refused the request or answered wrongly. */
    int PACS_ERROR = 4;

    /**
     * A new instance with this one's collaborators and no parsed options, printing to {@code out} and {@code err}:
     * picocli fills one such instance per run, so nothing parsed by one run leaks into the next.
     */
    Command forRun(PrintStream out, PrintStream err);

    /** Parses {@code args} and runs the command; returns the process exit status. Never calls System.exit. */
    default int run(List<String> args, PrintStream out, PrintStream err) {
        return Cli.execute(Cli.commandLine(forRun(out, err)), args, out, err);
    }
}
