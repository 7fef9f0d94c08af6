/**
 * A training run as the CLI and the job workers start it: its configuration file, its
 * directory, the messages a worker reports, and the run itself (divergence policy,
 * rollback, best generator, export).
 */
package dev.ganforge.run;
