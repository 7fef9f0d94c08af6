/**
 * Turning generator output into pictures: tensors in [-1, 1] to images, grids, strips,
 * PNG and animated GIF encoding.
 */
package dev.ganforge.image;
