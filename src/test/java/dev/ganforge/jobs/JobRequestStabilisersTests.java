package dev.ganforge.jobs;

import dev.ganforge.training.TrainingConfig;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A job's EMA warm-up and DiffAugment settings reach the training configuration, and
 * impossible ones are refused naming their field.
 */
class JobRequestStabilisersTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void warmUpAndAugmentationReachTheTrainingConfiguration() {
		TrainingConfig.Stabilisers s = request(
				"{\"modelName\":\"m\",\"emaDecay\":0.999,\"emaRampup\":0.05,\"diffAugment\":\"cutout, translation\"}")
			.runConfig()
			.training()
			.stabilisers();
		assertThat(s.emaRampup()).isEqualTo(0.05f);
		assertThat(s.diffAugment()).isEqualTo("translation,cutout");
		TrainingConfig.Stabilisers plain = request("{\"modelName\":\"m\"}").runConfig().training().stabilisers();
		assertThat(plain).isEqualTo(TrainingConfig.Stabilisers.NONE);
	}

	@Test
	void anUnknownAugmentationOrAWarmUpWithoutAnAverageNamesItsField() {
		assertThatExceptionOfType(InvalidJobException.class).isThrownBy(
				() -> request("{\"modelName\":\"m\",\"diffAugment\":\"translation,colour\"}").runConfig().training())
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("diffAugment"))
			.withMessageContaining("colour");
		assertThatExceptionOfType(InvalidJobException.class)
			.isThrownBy(() -> request("{\"modelName\":\"m\",\"emaRampup\":0.05}").runConfig().training())
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("emaRampup"));
	}

	private static JobRequest request(String json) {
		return JSON.readValue(json, JobRequest.class);
	}

}
