package dev.ganforge.nn;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine loads from the pytorch-native-cpu jar on the classpath, offline.
 */
class EngineTests {

	@Test
	void engineIsPyTorch271OnCpu() {
		Engine engine = Engine.getEngine("PyTorch");
		assertThat(engine.getEngineName()).isEqualTo("PyTorch");
		assertThat(engine.getVersion()).isEqualTo("2.7.1");
		assertThat(engine.defaultDevice()).isEqualTo(Device.cpu());
		assertThat(engine.getGpuCount()).isZero();
	}

	@Test
	void buildRunsDjlOffline() {
		// set by the surefire configuration, as GanForgeApplication.main sets it for the
		// service
		assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
		assertThat(ai.djl.util.Utils.isOfflineMode()).isTrue();
	}

	@Test
	void gradModeCanBeSwitchedOffOnAnyThread() throws Exception {
		boolean[] seen = new boolean[1];
		Thread thread = new Thread(() -> {
			GradMode.disableOnThisThread();
			seen[0] = GradMode.isEnabledOnThisThread();
		});
		thread.start();
		thread.join();
		assertThat(seen[0]).isFalse();
	}

}
