package io.proxyprompt.cli;

import io.proxyprompt.common.AppVersion;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Dispatches the command line to a {@link Command}; knows {@code --help} and {@code --version}. */
public final class Cli {

    private final Map<String, Command> commands = new LinkedHashMap<>();

    public Cli(List<Command> commands) {
        for (Command c : commands) {
            this.commands.put(c.name(), c);
        }
    }

    /** Runs {@code args} (which must not be empty: no arguments means the workstation UI) and returns the exit status. */
    public int run(List<String> args, PrintStream out, PrintStream err) {
        String first = args.get(0);
        if (first.equals("--help") || first.equals("-h") || first.equals("help")) {
            out.print(help());
            return Command.OK;
        }
        if (first.equals("--version") || first.equals("-V")) {
            out.println("proxyprompt " + version());
            return Command.OK;
        }
        Command command = commands.get(first);
        if (command == null) {
            err.println("proxyprompt: unknown command '" + first + "' (try --help)");
            return Command.BAD_INPUT;
        }
        List<String> rest = args.subList(1, args.size());
        if (rest.contains("--help") || rest.contains("-h")) {
            out.print(command.usage());
            return Command.OK;
        }
        return command.run(rest, out, err);
    }

    public String help() {
        StringBuilder sb = new StringBuilder();
        sb.append("ProxyPrompt Workstation ").append(version()).append('\n');
        sb.append("Usage: proxyprompt                 open the workstation\n");
        sb.append("       proxyprompt COMMAND [ARGS]  run headless (no window)\n\n");
        sb.append("Commands:\n");
        for (Command c : commands.values()) {
            sb.append(String.format("  %-10s %s%n", c.name(), c.summary()));
        }
        sb.append("\nOptions: --help (also after a command), --version\n");
        return sb.toString();
    }

    /** The application version from the build. */
    public static String version() {
        return AppVersion.get();
    }
}
