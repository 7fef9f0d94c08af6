/**
 * The command line of the same jar: {@code train} (and its worker mode for training
 * jobs), sharing the training entry point with the service.
 */
package dev.ganforge.cli;
