/**
 * Checkpoints: a directory per model with a manifest saying what made it, the generator's
 * parameters, and for resumable snapshots the discriminator and optimiser state; written
 * atomically.
 */
package dev.ganforge.checkpoint;
