/**
 * The command line of the same jar: {@code train} (a person's options, or a job worker's
 * {@code --config} file, both into {@link dev.ganforge.run.TrainingRun}),
 * {@code evaluate} and {@code train-features}.
 */
package dev.ganforge.cli;
