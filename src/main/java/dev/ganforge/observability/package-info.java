/**
 * What operators see of the service: the {@code engine} health indicator, the DJL,
 * PyTorch and default-model entries of {@code /actuator/info}. The generation meters
 * ({@code gan.generation.*}) are registered where they are measured, in
 * {@code generation}; README.md lists every meter and endpoint.
 */
package dev.ganforge.observability;
