/**
 * The training loop: D then G each step, the losses, the stabilisers, the optimiser with
 * resumable state, and the abort and progress callbacks through which callers watch it.
 * Knows nothing of jobs or HTTP.
 */
package dev.ganforge.training;
