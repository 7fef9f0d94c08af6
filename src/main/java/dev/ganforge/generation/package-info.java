/**
 * Sampling served generators: latents from seeds (truncation, slerp/lerp, arithmetic),
 * dynamic batching of concurrent requests, and the {@code /generate},
 * {@code /interpolate} and {@code /latents/arithmetic} endpoints with PNG, JSON and
 * animated GIF responses, and the {@code gan.generation.*} meters of the batching.
 */
package dev.ganforge.generation;
