package dev.ganforge.training;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;

/**
 * Parameters to bytes and back, so loop tests need no checkpoint files.
 */
final class TrainingTestIo {

	private TrainingTestIo() {
	}

	static byte[] parameters(Block block) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			block.saveParameters(out);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	static void load(Block block, NDManager manager, byte[] bytes) {
		try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
			block.loadParameters(manager, in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (MalformedModelException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
