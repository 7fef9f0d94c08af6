/**
 * The networks: DCGAN (Radford et al.) and vanilla MLP GAN (Goodfellow et al.) generators
 * and discriminators, their weight initialisation, the transposed convolution and latent
 * sampling.
 */
package dev.ganforge.nn;
