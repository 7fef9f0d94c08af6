/**
 * Datasets for training: IDX files (MNIST, Fashion-MNIST), image folders and synthetic
 * shapes, loaded once into uint8 pixels at the training size, read only from data roots.
 */
package dev.ganforge.data;
