package dev.ganforge.generation;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.ganforge.checkpoint.Manifest;
import dev.ganforge.models.LoadedModel;
import dev.ganforge.nn.Architecture;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Mocked {@link LoadedModel}s whose "generator" is a pure function of each latent, so
 * tests can predict every image and see how passes were batched.
 */
final class FakeModels {

	static final int NZ = 4;

	static final int SIZE = 16;

	private FakeModels() {
	}

	/**
	 * A fake 16x16 grayscale model: pixel p of an image is {@code tanh(z_0 + p * z_1 /
	 * 256)}.
	 * @param name its name
	 * @param passes receives the image count of every forward pass
	 * @return the mock
	 */
	static LoadedModel model(String name, List<Integer> passes) {
		LoadedModel model = mock(LoadedModel.class);
		Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, name, Architecture.DCGAN.id(), SIZE, 1, NZ, 8, 8,
				"synthetic", 12, 7, null, Instant.EPOCH, null, Map.of(), Map.of("generator.params", "abc"), null, null);
		given(model.name()).willReturn(name);
		given(model.manifest()).willReturn(manifest);
		given(model.spec()).willReturn(manifest.network());
		given(model.generate(any(), anyInt())).willAnswer((invocation) -> {
			float[] latents = invocation.getArgument(0);
			int count = invocation.getArgument(1);
			passes.add(count);
			return render(latents, count);
		});
		return model;
	}

	static LoadedModel model(String name) {
		return model(name, new CopyOnWriteArrayList<>());
	}

	static float[] render(float[] latents, int count) {
		int plane = SIZE * SIZE;
		float[] pixels = new float[count * plane];
		for (int i = 0; i < count; i++) {
			for (int p = 0; p < plane; p++) {
				pixels[i * plane + p] = (float) Math.tanh(latents[i * NZ] + p * latents[i * NZ + 1] / 256.0);
			}
		}
		return pixels;
	}

}
