/**
 * Failures a caller can act on, raised by the features and told apart by type, with no
 * transport in them: {@code web} maps each to its HTTP problem, the CLI to its exit code.
 */
package dev.ganforge.failure;
