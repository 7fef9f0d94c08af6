/**
 * Objective quality of generators: a classifier's feature space, Frechet distance, KID,
 * k-NN precision/recall and a classifier score against cached real-data references, and
 * its HTTP face ({@code /models/{name}/evaluations}).
 */
package dev.ganforge.evaluation;
