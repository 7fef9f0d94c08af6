package dev.ganforge.models;

/** Whether a model in the models directory can serve. */
public enum ModelState {

	/** Loaded and serving. */
	READY,

	/** Its checkpoint could not be loaded; the status's reason says why. */
	FAILED

}
