package dev.ganforge.run;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.ganforge.training.StepStats;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WorkerMessageTests {

	static List<WorkerMessage> oneOfEach() {
		Map<String, Integer> counts = new LinkedHashMap<>();
		counts.put("Coat", 12);
		counts.put("Shirt", 3);
		StepStats stats = new StepStats(7, 1, 0.5f, 1.5f, 0.7f, 0.3f, 0.4f, 120.0);
		return List.of(new WorkerMessage.Dataset("synthetic:64", 64, 1, 16, 0.25), new WorkerMessage.Step(100, stats),
				new WorkerMessage.Samples(7, "/runs/x/samples/step-000000007.png"),
				new WorkerMessage.Snapshot(7, "/runs/x/snapshots/step-000000007"),
				new WorkerMessage.Evaluation(7, 12.5, 0.01, 0.002, 500, "fashion-mnist-cnn", "fashion-mnist:test", 3.5,
						3.2, "Shirt", 0.4, counts, true),
				new WorkerMessage.Evaluation(8, 11.5, 0.02, 0.001, 500, "x", "y", 1, null, null, null, null, false),
				new WorkerMessage.Divergence("discriminator-wins", 7, "D(x) 0.99", "warned"),
				new WorkerMessage.Best("/models/x-best"), new WorkerMessage.Done(100, "/models/x", 12.0),
				new WorkerMessage.Cancelled(50), new WorkerMessage.Failed("out of memory"));
	}

	@Test
	void everyKindOfMessageReadsBackAsWritten() {
		List<WorkerMessage> messages = oneOfEach();
		assertThat(messages.stream().map(Object::getClass).distinct())
			.containsExactlyInAnyOrder(WorkerMessage.class.getPermittedSubclasses());
		for (WorkerMessage message : messages) {
			String line = message.toJson();
			assertThat(line).doesNotContain("\n").startsWith("{\"type\":\"");
			assertThat(WorkerMessage.parse(line)).contains(message);
		}
	}

	@Test
	void theWireFormatNamesEachKindAndKeepsItsFieldsFlat() {
		assertThat(new WorkerMessage.Cancelled(50).toJson()).isEqualTo("{\"type\":\"cancelled\",\"step\":50}");
		assertThat(oneOfEach().get(4).toJson()).contains("\"type\":\"evaluation\"", "\"fd\":12.5",
				"\"classCounts\":{\"Coat\":12,\"Shirt\":3}", "\"best\":true");
		assertThat(Arrays.stream(WorkerMessage.class.getPermittedSubclasses()).map(Class::getSimpleName)).hasSize(10);
	}

	@Test
	void whatIsNotAMessageIsNoneAndANewerWorkersFieldsAreIgnored() {
		assertThat(WorkerMessage.parse("Loaded fashion-mnist")).isEmpty();
		assertThat(WorkerMessage.parse("{\"type\":\"telemetry\",\"step\":1}")).isEmpty();
		assertThat(WorkerMessage.parse("{\"step\":1}")).isEmpty();
		assertThat(WorkerMessage.parse("{\"type\":\"cancelled\",\"step\":")).isEmpty();
		assertThat(WorkerMessage.parse("{\"type\":\"cancelled\",\"step\":5,\"reason\":\"later field\"}"))
			.contains(new WorkerMessage.Cancelled(5));
	}

}
