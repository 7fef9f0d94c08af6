package dev.ganforge.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.ganforge.data.DatasetSpec.Kind;
import dev.ganforge.data.DatasetSpec.Split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DatasetSpecTests {

	@ParameterizedTest
	@CsvSource({ "fashion-mnist, fashion-mnist:train", "fashion-mnist:train, fashion-mnist:train",
			"fashion-mnist:test, fashion-mnist:test", "Fashion-MNIST:TEST, fashion-mnist:test", "mnist, mnist:train",
			"mnist:test, mnist:test", "synthetic, synthetic:2048", "synthetic:10, synthetic:10",
			"synthetic:100000, synthetic:100000", "folder:faces/celeba, folder:faces/celeba",
			"folder:My Photos, folder:My Photos" })
	void parsesToCanonicalForm(String text, String canonical) {
		DatasetSpec spec = DatasetSpec.parse(text);
		assertThat(spec).hasToString(canonical);
		assertThat(DatasetSpec.parse(spec.toString())).isEqualTo(spec);
	}

	@Test
	void parsesComponents() {
		assertThat(DatasetSpec.parse("fashion-mnist:test"))
			.isEqualTo(new DatasetSpec(Kind.FASHION_MNIST, Split.TEST, null, 0));
		assertThat(DatasetSpec.parse("synthetic").count()).isEqualTo(DatasetSpec.DEFAULT_SYNTHETIC_COUNT);
		assertThat(DatasetSpec.parse("folder:a/b").folder()).isEqualTo("a/b");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "cifar10", "mnist:validation", "fashion-mnist:", "folder:", "folder:../x",
			"folder:/etc", "synthetic:0", "synthetic:-1", "synthetic:100001", "synthetic:lots", "synthetic:1e3" })
	void rejectsBadSpecs(String text) {
		assertThatExceptionOfType(InvalidDatasetException.class).isThrownBy(() -> DatasetSpec.parse(text))
			.isInstanceOf(IllegalArgumentException.class)
			.withMessageNotContaining("null");
	}

	@Test
	void messagesSayWhatToDo() {
		assertThatExceptionOfType(InvalidDatasetException.class).isThrownBy(() -> DatasetSpec.parse("cifar10"))
			.withMessageContaining("cifar10")
			.withMessageContaining("fashion-mnist");
		assertThatExceptionOfType(InvalidDatasetException.class).isThrownBy(() -> DatasetSpec.parse("mnist:val"))
			.withMessageContaining("mnist:test");
		assertThatExceptionOfType(InvalidDatasetException.class).isThrownBy(() -> DatasetSpec.parse("synthetic:200000"))
			.withMessageContaining("100000");
	}

}
