package dev.ganforge.run;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.ganforge.nn.Architecture;
import dev.ganforge.nn.NetworkSpec;
import dev.ganforge.training.GanLoss;
import dev.ganforge.training.TrainingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RunConfigTests {

	@TempDir
	Path dir;

	/** Every field away from its default, so that a field the file drops shows. */
	static RunConfig everyFieldSet() {
		NetworkSpec network = new NetworkSpec(Architecture.GAN, 32, 3, 17, 24, 40);
		TrainingConfig training = new TrainingConfig(network, "synthetic:96", 0, 1234, 48, 3e-4f, 1e-4f, 0.4f, 0.95f,
				987654321L, GanLoss.MINIMAX, 33, 77,
				new TrainingConfig.Stabilisers(0.15f, 0.995f, 3, true, 0.07f, "translation,cutout"));
		return new RunConfig(training, true, new RunConfig.Divergence(DivergencePolicy.ROLLBACK, 120, 5, 0.25, 4),
				new RunConfig.Evaluation(300, 1500));
	}

	@Test
	void aFileHoldsEveryFieldExactly() {
		RunConfig config = everyFieldSet();
		Path file = this.dir.resolve("config.json");
		config.write(file);
		assertThat(RunConfig.read(file)).isEqualTo(config);
		RunConfig defaults = new RunConfig(config.training().withStabilisers(TrainingConfig.Stabilisers.NONE), false,
				RunConfig.Divergence.DEFAULT, RunConfig.Evaluation.NONE);
		defaults.write(file);
		assertThat(RunConfig.read(file)).isEqualTo(defaults).isNotEqualTo(config);
	}

	@Test
	void aFileThatIsNotAConfigurationIsRefusedNamingWhatIsWrong() throws Exception {
		Path file = this.dir.resolve("config.json");
		everyFieldSet().write(file);
		String json = Files.readString(file);

		Files.writeString(file, json.replace("\"conditional\"", "\"conditionl\""));
		assertThatIllegalArgumentException().isThrownBy(() -> RunConfig.read(file))
			.withMessageContaining("not a run configuration")
			.withMessageContaining("conditional")
			.withMessageNotContaining("DeserializationFeature");

		Files.writeString(file, json.replace("\"window\" : 120", "\"window\" : 5"));
		assertThatIllegalArgumentException().isThrownBy(() -> RunConfig.read(file))
			.withMessageContaining("divergenceWindow must be at least 10, was 5");

		Files.writeString(file, json.replace("\"samples\" : 1500", "\"samples\" : null"));
		assertThatIllegalArgumentException().isThrownBy(() -> RunConfig.read(file))
			.withMessageContaining("not a run configuration");

		Files.writeString(file, "{}");
		assertThatIllegalArgumentException().isThrownBy(() -> RunConfig.read(file))
			.withMessageContaining("not a run configuration");
	}

	@Test
	void divergenceAndEvaluationSettingsAreCheckedWhereTheyAreMade() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RunConfig.Divergence(DivergencePolicy.WARN, 200, -1, 0.5, 3))
			.withMessageContaining("maxRollbacks");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RunConfig.Divergence(DivergencePolicy.WARN, 200, 3, 1.5, 3))
			.withMessageContaining("rollbackLrFactor");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RunConfig.Divergence(DivergencePolicy.WARN, 200, 3, 0.5, 0))
			.withMessageContaining("fdRisingEvaluations");
		assertThatIllegalArgumentException().isThrownBy(() -> new RunConfig.Evaluation(-1, 2000))
			.withMessageContaining("evaluateEvery");
		assertThatIllegalArgumentException().isThrownBy(() -> new RunConfig.Evaluation(100, 9))
			.withMessageContaining("evaluateSamples must be 10 to 10000");
		assertThatIllegalArgumentException().isThrownBy(() -> DivergencePolicy.fromId("panic"))
			.withMessageContaining("warn, rollback or stop");
		assertThat(DivergencePolicy.fromId("ROLLBACK").id()).isEqualTo("rollback");
	}

}
