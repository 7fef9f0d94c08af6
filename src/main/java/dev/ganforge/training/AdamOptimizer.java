package dev.ganforge.training;

import java.util.HashMap;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.util.Pair;

/**
 * Adam (Kingma and Ba 2015) over one network's trainable parameters, with state that can
 * be saved and restored so that a resumed run continues exactly.
 *
 * <p>
 * DJL's own {@code Adam} keeps its moments in private fields with no way to save them.
 * This class runs the same fused native update ({@code NDArrayEx.adamUpdate}, which also
 * zeroes the gradient) and owns its moments, stored in the parameters' manager.
 */
final class AdamOptimizer {

	private final float learningRate;

	private final float beta1;

	private final float beta2;

	private final float epsilon;

	private final Map<String, NDArray> means = new HashMap<>();

	private final Map<String, NDArray> variances = new HashMap<>();

	private long updates;

	AdamOptimizer(float learningRate, float beta1, float beta2) {
		this.learningRate = learningRate;
		this.beta1 = beta1;
		this.beta2 = beta2;
		this.epsilon = 1e-8f;
	}

	/**
	 * Applies one update to every parameter that requires a gradient, then zeroes its
	 * gradient.
	 * @param parameters the network's parameters
	 */
	void step(ParameterList parameters) {
		this.updates++;
		double coef1 = 1.0 - Math.pow(this.beta1, this.updates);
		double coef2 = 1.0 - Math.pow(this.beta2, this.updates);
		float biasCorrectedRate = (float) (this.learningRate * Math.sqrt(coef2) / coef1);
		for (Pair<String, Parameter> entry : parameters) {
			Parameter parameter = entry.getValue();
			if (!parameter.requiresGradient()) {
				continue;
			}
			NDArray weight = parameter.getArray();
			NDArray mean = this.means.computeIfAbsent(entry.getKey(), (k) -> weight.zerosLike());
			NDArray variance = this.variances.computeIfAbsent(entry.getKey(), (k) -> weight.zerosLike());
			// getGradient() returns a new handle in the parameter's manager: close it
			try (NDArray gradient = weight.getGradient()) {
				weight.getNDArrayInternal()
					.adamUpdate(new NDList(weight, gradient, mean, variance), new NDList(weight), this.learningRate,
							biasCorrectedRate, 0f, 1f, -1f, this.beta1, this.beta2, this.epsilon, true, false);
			}
		}
	}

	/**
	 * Number of updates applied so far (Adam's t).
	 * @return the count
	 */
	long updates() {
		return this.updates;
	}

	/**
	 * The moments and the update count, named for {@link #restore}.
	 * @param manager owns the copies
	 * @return a list of copies, safe to encode and close
	 */
	NDList state(NDManager manager) {
		NDList state = new NDList();
		NDArray count = manager.create(new long[] { this.updates });
		count.setName("t");
		state.add(count);
		this.means.forEach((id, array) -> state.add(named(array.duplicate(), "m:" + id, manager)));
		this.variances.forEach((id, array) -> state.add(named(array.duplicate(), "v:" + id, manager)));
		return state;
	}

	/**
	 * Replaces the state with one saved by {@link #state}.
	 * @param state the saved arrays
	 * @param parameters the network the state belongs to, to check names and shapes
	 * @throws IllegalArgumentException if the state does not fit the network
	 */
	void restore(NDList state, ParameterList parameters) {
		Map<String, NDArray> restoredMeans = new HashMap<>();
		Map<String, NDArray> restoredVariances = new HashMap<>();
		long restoredUpdates = -1;
		for (NDArray array : state) {
			String name = array.getName();
			if ("t".equals(name)) {
				restoredUpdates = array.toLongArray()[0];
				continue;
			}
			String id = name.substring(2);
			Parameter parameter = parameters.get(id);
			if (parameter == null || !parameter.getArray().getShape().equals(array.getShape())) {
				throw new IllegalArgumentException("Optimizer state '" + name + "' does not fit the network");
			}
			NDArray copy = array.duplicate();
			copy.attach(parameter.getArray().getManager());
			(name.startsWith("m:") ? restoredMeans : restoredVariances).put(id, copy);
		}
		if (restoredUpdates < 0) {
			throw new IllegalArgumentException("Optimizer state has no update count");
		}
		this.means.values().forEach(NDArray::close);
		this.variances.values().forEach(NDArray::close);
		this.means.clear();
		this.variances.clear();
		this.means.putAll(restoredMeans);
		this.variances.putAll(restoredVariances);
		this.updates = restoredUpdates;
	}

	private static NDArray named(NDArray array, String name, NDManager manager) {
		array.attach(manager);
		array.setName(name);
		return array;
	}

}
