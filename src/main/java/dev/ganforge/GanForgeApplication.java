package dev.ganforge;

import dev.ganforge.cli.Cli;
import dev.ganforge.nn.ConvolutionKernels;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * GANForge: trains GAN image generators and serves them over HTTP. With a command as
 * first argument ({@code train}, ...) the same jar runs the command line instead of the
 * service.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GanForgeApplication {

	public static void main(String[] args) {
		// DJL must never reach the network: offline mode stops model-zoo and native
		// downloads (the natives come from the pytorch-native-cpu jar), and opting out of
		// tracking stops its telemetry connections at engine start.
		System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
		System.setProperty("OPT_OUT_TRACKING", System.getProperty("OPT_OUT_TRACKING", "true"));
		if (Cli.handles(args)) {
			// Before the first logger exists: the command line logs to stderr only.
			System.setProperty("logback.configurationFile",
					System.getProperty("logback.configurationFile", "logback-cli.xml"));
			ConvolutionKernels.guard();
			System.exit(Cli.run(args));
		}
		ConvolutionKernels.guard();
		SpringApplication.run(GanForgeApplication.class, args);
	}

}
