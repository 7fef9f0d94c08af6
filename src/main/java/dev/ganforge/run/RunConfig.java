package dev.ganforge.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import dev.ganforge.checkpoint.AtomicFiles;
import dev.ganforge.checkpoint.CheckpointException;
import dev.ganforge.training.TrainingConfig;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Everything a training run is asked to do, validated: the file a job's worker trains
 * from ({@code train --config}), written by the service from the job's request and by
 * nobody else, so that a run's settings are spelled once.
 *
 * @param training the networks, data, optimiser, schedule and stabilisers; for a
 * conditional run its network's classes are filled in from the data when it starts
 * @param conditional train a class-conditional pair on the dataset's labels
 * @param divergence what the run does when it diverges
 * @param evaluation when the run measures its generator's quality
 */
public record RunConfig(TrainingConfig training, boolean conditional, Divergence divergence, Evaluation evaluation) {

	private static final JsonMapper JSON = JsonMapper.builder()
		.enable(SerializationFeature.INDENT_OUTPUT)
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
		.build();

	/**
	 * Checks that every part is there.
	 */
	public RunConfig {
		if (training == null || divergence == null || evaluation == null) {
			throw new IllegalArgumentException("training, divergence and evaluation are required");
		}
	}

	/**
	 * The configuration a file holds.
	 * @param file a file {@link #write} wrote
	 * @return the configuration
	 * @throws IllegalArgumentException if the file is not one, naming what is wrong
	 * @throws UncheckedIOException if it cannot be read
	 */
	public static RunConfig read(Path file) {
		try {
			return JSON.readValue(file.toFile(), RunConfig.class);
		}
		catch (JacksonException ex) {
			if (ex.getCause() instanceof IOException io) {
				throw new UncheckedIOException("Cannot read " + file + ": " + io.getMessage(), io);
			}
			String message = (ex.getCause() instanceof IllegalArgumentException invalid) ? invalid.getMessage()
					: CheckpointException.describe(ex);
			throw new IllegalArgumentException(file.getFileName() + " is not a run configuration: " + message, ex);
		}
	}

	/**
	 * Writes the configuration, atomically.
	 * @param file where
	 * @throws UncheckedIOException if the file cannot be written
	 */
	public void write(Path file) {
		try {
			AtomicFiles.write(file, JSON.writeValueAsBytes(this));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write " + file + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * The run with another training configuration.
	 * @param other the new training configuration
	 * @return a copy
	 */
	public RunConfig withTraining(TrainingConfig other) {
		return new RunConfig(other, this.conditional, this.divergence, this.evaluation);
	}

	/**
	 * What a run does when the divergence monitor finds trouble.
	 *
	 * @param policy warn, roll back or stop
	 * @param window steps of evidence for a divergence
	 * @param maxRollbacks rollbacks before a diverging run stops
	 * @param rollbackLrFactor factor on both learning rates at each rollback
	 * @param fdRisingEvaluations consecutive rises of FD that count as a divergence
	 */
	public record Divergence(DivergencePolicy policy, int window, int maxRollbacks, double rollbackLrFactor,
			int fdRisingEvaluations) {

		/** The defaults: warn, and the evidence {@link RunDefaults} sets. */
		public static final Divergence DEFAULT = new Divergence(DivergencePolicy.WARN, RunDefaults.DIVERGENCE_WINDOW,
				RunDefaults.MAX_ROLLBACKS, RunDefaults.ROLLBACK_LR_FACTOR, RunDefaults.FD_RISING_EVALUATIONS);

		/**
		 * Validates the values.
		 * @throws IllegalArgumentException naming the first one out of range
		 */
		public Divergence {
			if (policy == null) {
				throw new IllegalArgumentException("onDivergence must be warn, rollback or stop");
			}
			if (window < 10) {
				throw new IllegalArgumentException("divergenceWindow must be at least 10, was " + window);
			}
			if (maxRollbacks < 0) {
				throw new IllegalArgumentException("maxRollbacks must not be negative, was " + maxRollbacks);
			}
			if (!(rollbackLrFactor > 0 && rollbackLrFactor <= 1)) {
				throw new IllegalArgumentException("rollbackLrFactor must be in (0, 1], was " + rollbackLrFactor);
			}
			if (fdRisingEvaluations < 1) {
				throw new IllegalArgumentException(
						"fdRisingEvaluations must be at least 1, was " + fdRisingEvaluations);
			}
		}

		/**
		 * The same evidence under another policy.
		 * @param other the policy
		 * @return a copy
		 */
		public Divergence withPolicy(DivergencePolicy other) {
			return new Divergence(other, this.window, this.maxRollbacks, this.rollbackLrFactor,
					this.fdRisingEvaluations);
		}

		/**
		 * The same policy with another window of evidence.
		 * @param steps the window
		 * @return a copy
		 */
		public Divergence withWindow(int steps) {
			return new Divergence(this.policy, steps, this.maxRollbacks, this.rollbackLrFactor,
					this.fdRisingEvaluations);
		}

	}

	/**
	 * When a run measures the quality of its served generator.
	 *
	 * @param every steps between evaluations, and one at the end; 0 for none
	 * @param samples images on each side of an evaluation
	 */
	public record Evaluation(int every, int samples) {

		/** No evaluations. */
		public static final Evaluation NONE = new Evaluation(0, RunDefaults.EVALUATE_SAMPLES);

		/**
		 * Validates the values.
		 * @throws IllegalArgumentException naming the first one out of range
		 */
		public Evaluation {
			if (every < 0) {
				throw new IllegalArgumentException("evaluateEvery must not be negative, was " + every);
			}
			if (samples < 10 || samples > 10000) {
				throw new IllegalArgumentException("evaluateSamples must be 10 to 10000, was " + samples);
			}
		}

	}

}
