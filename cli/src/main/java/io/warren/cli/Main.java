package io.warren.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code warren} command. Starts a coordinator or a worker, submits jobs, shows status, or runs a whole job in
 * one process. For example:
 * <pre>
 *   warren run --app wordcount --input 'books/*.txt' --output out/wc
 *   warren coordinator --storage /mnt/warren
 *   warren worker --storage /mnt/warren --slots 2
 *   warren submit --app wordcount --input 'books/*.txt' --output out/wc --wait
 *   warren status
 *   warren cancel JOB
 * </pre>
 */
@Command(name = "warren", mixinStandardHelpOptions = true, version = "warren 0.1.0",
        description = "MapReduce on RabbitMQ.",
        subcommands = {RunCommand.class, CoordinatorCommand.class, WorkerCommand.class, SubmitCommand.class,
                StatusCommand.class, JobsCommand.class, CancelCommand.class, CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    static int execute(String... args) {
        quietClientLogs(args);
        return commandLine().execute(args);
    }

    /** The command with its converters and error handling, as {@link #execute} runs it. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.registerConverter(java.time.Duration.class, new DurationConverter());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("warren: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 2;
        });
        return cli;
    }

    /** Long-running roles log at INFO; one-shot client commands only warnings, unless WARREN_LOG_LEVEL says otherwise. */
    private static void quietClientLogs(String[] args) {
        if (System.getenv("WARREN_LOG_LEVEL") != null || System.getProperty("WARREN_LOG_LEVEL") != null) return;
        boolean role = args.length > 0 && (args[0].equals("coordinator") || args[0].equals("worker"));
        System.setProperty("WARREN_LOG_LEVEL", role ? "INFO" : "WARN");
    }
}
