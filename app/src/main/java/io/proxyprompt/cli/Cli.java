package io.proxyprompt.cli;

import io.proxyprompt.common.AppVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The {@code proxyprompt} command line: picocli dispatches to a {@link Command} and generates {@code --help} (also
 * per command), {@code --version}, typo suggestions and the shell completion script ({@code generate-completion}).
 */
public final class Cli {

    private static final Logger LOG = LoggerFactory.getLogger(Cli.class);

    private final List<Command> commands;

    public Cli(List<Command> commands) {
        this.commands = List.copyOf(commands);
    }

    /** Runs {@code args} (which must not be empty: no arguments means the workstation UI) and returns the exit status. */
    public int run(List<String> args, PrintStream out, PrintStream err) {
        return execute(root(out, err), args, out, err);
    }

    /** The command tree for one run: every command fresh, then help, and the completion script generator. */
    private CommandLine root(PrintStream out, PrintStream err) {
        CommandLine root = new CommandLine(new Root());
        root.getCommandSpec().usageMessage().header("ProxyPrompt Workstation " + version());
        for (Command c : commands) {
            root.addSubcommand(c.forRun(out, err));
        }
        root.addSubcommand(new CommandLine.HelpCommand());
        CommandLine completion = new CommandLine(new AutoComplete.GenerateCompletion());
        completion.getCommandSpec().usageMessage().hidden(false)
                .description("print a bash/zsh completion script: source <(proxyprompt generate-completion)");
        root.addSubcommand("generate-completion", completion);
        return configure(root);
    }

    /** A command line for one command object, with the shared parsing rules and error handling. */
    static CommandLine commandLine(Object command) {
        return configure(new CommandLine(command));
    }

    /** Parses and runs; picocli's help, version and usage errors print to the given streams. */
    static int execute(CommandLine commandLine, List<String> args, PrintStream out, PrintStream err) {
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args.toArray(String[]::new));
    }

    /** Applied to a command after its subcommands were added, so that they share the rules. */
    private static CommandLine configure(CommandLine commandLine) {
        // as the hand-written parsers did: an option given twice keeps its last value (--support/--mask collect)
        commandLine.setOverwrittenOptionsAllowed(true);
        commandLine.setParameterExceptionHandler(Cli::usageError);
        commandLine.setExecutionExceptionHandler(Cli::unexpected);
        return commandLine;
    }

    /** One line on stderr: which command, what is wrong, a suggestion for a typo, where the help is; exit 2. */
    private static int usageError(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        String name = cmd.getCommandSpec().qualifiedName();
        if (!(ex instanceof UnmatchedArgumentException) && !cmd.getUnmatchedArguments().isEmpty()) {
            // picocli checks required options before unknown ones; a misspelt option is the likelier cause
            ex = new UnmatchedArgumentException(cmd, cmd.getUnmatchedArguments());
        }
        String problem = ex.getMessage();
        if (ex instanceof UnmatchedArgumentException u) {
            List<String> unmatched = u.getUnmatched();
            if (!cmd.getSubcommands().isEmpty() && !unmatched.isEmpty() && !unmatched.get(0).startsWith("-")) {
                problem = "unknown command '" + unmatched.get(0) + "'";
            }
            if (!u.getSuggestions().isEmpty()) {
                problem += "; did you mean " + String.join(" or ", u.getSuggestions()) + "?";
            }
        }
        cmd.getErr().println(name + ": " + problem + " (see " + name + " --help)");
        return Command.BAD_INPUT;
    }

    /** A defect, not bad input: the log gets the stack trace, the exit status is picocli's 1. */
    private static int unexpected(Exception ex, CommandLine cmd, ParseResult parsed) {
        String name = cmd.getCommandSpec().qualifiedName();
        LOG.error("{} failed unexpectedly", name, ex);
        cmd.getErr().println(name + ": unexpected error: " + ex);
        return cmd.getCommandSpec().exitCodeOnExecutionException();
    }

    /** The application version from the build. */
    public static String version() {
        return AppVersion.get();
    }

    /** {@code proxyprompt --version}. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"proxyprompt " + version()};
        }
    }

    /** The top of the tree: only options (help, version) and the commands under it. */
    @CommandLine.Command(name = "proxyprompt", mixinStandardHelpOptions = true, versionProvider = Version.class,
            customSynopsis = {
                "proxyprompt                 open the workstation",
                "       proxyprompt COMMAND [ARGS]  run a command headless (no window)",
                "       proxyprompt COMMAND --help  its options"},
            commandListHeading = "%nCommands:%n",
            exitCodeListHeading = "%nExit status:%n",
            exitCodeList = {"0:done", "2:bad input (the message names the file or option)",
                "3:model or execution-device error"})
    static final class Root implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().getErr().println("proxyprompt: give a command (see proxyprompt --help)");
            return Command.BAD_INPUT;
        }
    }
}
