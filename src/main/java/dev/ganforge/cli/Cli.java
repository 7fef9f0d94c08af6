package dev.ganforge.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.Set;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The jar's command line: {@code java -jar ganforge.jar train ...}. Without arguments, or
 * with only the service's {@code --name=value} properties, the jar starts the web service
 * instead.
 */
@Command(name = "ganforge", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
		subcommands = { TrainCommand.class, TrainFeaturesCommand.class, EvaluateCommand.class },
		description = "Train and evaluate GAN image generators. Run without a command to start the service.")
public final class Cli {

	private static final Set<String> OPTIONS = Set.of("--help", "-h", "--version", "-V");

	/**
	 * Whether the arguments ask for the command line rather than the service: a first
	 * argument that is a word (a command, or a mistyped one, which the command line
	 * refuses with a suggestion rather than the service binding a port) or one of the
	 * help and version options.
	 * @param args the program arguments
	 * @return true if the command line should run them
	 */
	public static boolean handles(String[] args) {
		return args.length > 0 && (!args[0].startsWith("-") || OPTIONS.contains(args[0]));
	}

	/**
	 * Runs a command.
	 * @param args the program arguments
	 * @return the exit code: 0 done, 1 failed, 2 bad usage, 3 cancelled
	 */
	public static int run(String[] args) {
		return new CommandLine(new Cli()).execute(args);
	}

	/** The version the build recorded in {@code META-INF/build-info.properties}. */
	static final class Version implements CommandLine.IVersionProvider {

		@Override
		public String[] getVersion() throws IOException {
			Properties build = new Properties();
			try (InputStream in = Cli.class.getResourceAsStream("/META-INF/build-info.properties")) {
				if (in != null) {
					build.load(in);
				}
			}
			return new String[] { "GANForge " + build.getProperty("build.version", "(version unknown)") };
		}

	}

}
