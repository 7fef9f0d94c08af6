package dev.ganforge.cli;

import java.util.Set;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The jar's command line: {@code java -jar ganforge.jar train ...}. Without a known
 * command the jar starts the web service instead.
 */
@Command(name = "ganforge", mixinStandardHelpOptions = true,
		subcommands = { TrainCommand.class, TrainFeaturesCommand.class, EvaluateCommand.class },
		description = "Train and evaluate GAN image generators. Run without a command to start the service.")
public final class Cli {

	private static final Set<String> COMMANDS = Set.of("train", "train-features", "evaluate", "help", "--help", "-h");

	/**
	 * Whether the arguments ask for a CLI command rather than the service.
	 * @param args the program arguments
	 * @return true if the first argument names a command
	 */
	public static boolean handles(String[] args) {
		return args.length > 0 && COMMANDS.contains(args[0]);
	}

	/**
	 * Runs a command.
	 * @param args the program arguments
	 * @return the exit code: 0 done, 1 failed, 2 bad usage, 3 cancelled
	 */
	public static int run(String[] args) {
		return new CommandLine(new Cli()).execute(args);
	}

}
