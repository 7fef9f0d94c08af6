package dev.ganforge.run;

/**
 * The one set of defaults of a training run, shared by the {@code train} command's
 * options and the job API's request: the DCGAN paper's settings where it has one.
 */
public final class RunDefaults {

	public static final String DATASET = "fashion-mnist";

	public static final String ARCHITECTURE = "dcgan";

	public static final int IMAGE_SIZE = 64;

	public static final int CHANNELS = 1;

	public static final int NZ = 100;

	public static final int NGF = 64;

	public static final int NDF = 64;

	/** Passes over the data when no step count is given. */
	public static final int EPOCHS = 5;

	public static final int BATCH_SIZE = 64;

	public static final double LEARNING_RATE = 2e-4;

	public static final double BETA1 = 0.5;

	public static final double BETA2 = 0.999;

	public static final String LOSS = "non-saturating";

	/** Fixed, so that the same settings train the same model. */
	public static final long SEED = 42;

	public static final int SAMPLE_EVERY = 200;

	public static final int SNAPSHOT_EVERY = 500;

	public static final int D_STEPS = 1;

	public static final String ON_DIVERGENCE = "warn";

	public static final int DIVERGENCE_WINDOW = 200;

	public static final int MAX_ROLLBACKS = 3;

	public static final double ROLLBACK_LR_FACTOR = 0.5;

	public static final int FD_RISING_EVALUATIONS = 3;

	public static final int EVALUATE_SAMPLES = 2000;

	private RunDefaults() {
	}

}
