package io.proxyprompt.cli;

import java.io.PrintStream;
import java.util.List;

/** One headless sub-command of {@code proxyprompt} (segment, bench, info, ...). */
public interface Command {

    /** Exit status for success. */
    int OK = 0;
    /** Exit status for bad input: an argument, or a file that cannot be read (the message names it). */
    int BAD_INPUT = 2;
    /** Exit status for a model or execution-device failure. */
    int MODEL_ERROR = 3;
    /** Exit status for a PACS that could not be reached, refused the request or answered wrongly. */
    int PACS_ERROR = 4;

    /** The word that selects this command on the command line. */
    String name();

    /** One line for {@code --help}. */
    String summary();

    /** Full usage text for {@code proxyprompt NAME --help}. */
    String usage();

    /** Runs the command; returns the process exit status. Never calls System.exit. */
    int run(List<String> args, PrintStream out, PrintStream err);
}
