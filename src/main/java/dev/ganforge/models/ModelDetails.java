package dev.ganforge.models;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.ganforge.checkpoint.Manifest;

/**
 * A model's status with its whole manifest.
 *
 * @param status the status, whose fields appear at the top level
 * @param manifest the checkpoint's {@code manifest.json}; null when it could not be read
 */
record ModelDetails(@JsonUnwrapped ModelStatus status, Manifest manifest) {

}
