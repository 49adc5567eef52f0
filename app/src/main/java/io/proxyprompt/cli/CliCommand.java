package io.proxyprompt.cli;

import picocli.CommandLine.Option;

import java.io.PrintStream;

/** The streams of the current run and the fresh copy per run that every command shares. */
abstract class CliCommand implements Command {

    /** Where the results go (stdout for the command line). */
    PrintStream out = System.out;
    /** Where progress and problems go (stderr for the command line). */
    PrintStream err = System.err;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    /** A new instance with the same collaborators and no parsed options. */
    abstract CliCommand copy();

    @Override
    public final Command forRun(PrintStream out, PrintStream err) {
        CliCommand c = copy();
        c.out = out;
        c.err = err;
        return c;
    }
}
