package dev.ganforge.models;

import java.nio.file.Path;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.ganforge.checkpoint.CheckpointStore;
import dev.ganforge.checkpoint.Manifest;
import dev.ganforge.nn.GradMode;
import dev.ganforge.nn.NetworkSpec;

/**
 * A generator loaded from a checkpoint, ready to serve.
 *
 * <p>
 * Threading and native memory: the parameters live in this model's own {@link NDManager},
 * closed when the model is unloaded. {@link #generate} may be called from any number of
 * threads at once: each call switches autograd off on its thread (DJL's grad mode is per
 * thread, and a graph recorded during inference is a leak), runs in eval mode (BatchNorm
 * running statistics, no state changes) and creates its arrays in a sub-manager closed
 * before it returns, so nothing accumulates. A read-write lock lets {@link #close} wait
 * for calls in flight instead of freeing memory under them.
 */
public final class LoadedModel implements AutoCloseable {

	private final Manifest manifest;

	private final Path dir;

	private final NDManager manager;

	private final Block generator;

	private final ParameterStore store;

	private final ReadWriteLock lock = new ReentrantReadWriteLock();

	private boolean closed;

	private LoadedModel(Manifest manifest, Path dir, NDManager manager, Block generator) {
		this.manifest = manifest;
		this.dir = dir;
		this.manager = manager;
		this.generator = generator;
		this.store = new ParameterStore(manager, false);
	}

	/**
	 * Loads the generator of a model directory.
	 * @param dir the checkpoint directory
	 * @return the model
	 * @throws dev.ganforge.checkpoint.CheckpointException if the checkpoint cannot be
	 * loaded
	 */
	public static LoadedModel load(Path dir) {
		Manifest manifest = CheckpointStore.readManifest(dir);
		NDManager manager = NDManager.newBaseManager("PyTorch");
		try {
			return new LoadedModel(manifest, dir, manager, CheckpointStore.loadGenerator(dir, manifest, manager));
		}
		catch (RuntimeException ex) {
			manager.close();
			throw ex;
		}
	}

	/**
	 * Runs the generator on a batch of latents.
	 * @param latents count * nz values
	 * @param count number of images
	 * @return count * C * H * W values in [-1, 1], image after image
	 * @throws IllegalStateException if the model was unloaded
	 */
	public float[] generate(float[] latents, int count) {
		GradMode.disableOnThisThread();
		this.lock.readLock().lock();
		try {
			if (this.closed) {
				throw new IllegalStateException("Model " + name() + " was unloaded");
			}
			try (NDManager scope = this.manager.newSubManager()) {
				NDArray z = scope.create(latents, spec().latentShape(count));
				return this.generator.forward(this.store, new NDList(z), false).singletonOrThrow().toFloatArray();
			}
		}
		finally {
			this.lock.readLock().unlock();
		}
	}

	/**
	 * The model's name, its directory's name.
	 * @return the name
	 */
	public String name() {
		return this.manifest.name();
	}

	/**
	 * The manifest it was loaded from.
	 * @return the manifest
	 */
	public Manifest manifest() {
		return this.manifest;
	}

	/**
	 * The network sizes.
	 * @return the spec
	 */
	public NetworkSpec spec() {
		return this.manifest.network();
	}

	/**
	 * The checkpoint directory.
	 * @return the directory
	 */
	public Path dir() {
		return this.dir;
	}

	/** Waits for calls in flight, then frees the native memory. */
	@Override
	public void close() {
		this.lock.writeLock().lock();
		try {
			if (!this.closed) {
				this.closed = true;
				this.manager.close();
			}
		}
		finally {
			this.lock.writeLock().unlock();
		}
	}

}
