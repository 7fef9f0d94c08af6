/**
 * The registry of loaded generators over the checkpoints in the models directory, hot
 * reload, and its HTTP face ({@code /models}).
 */
package dev.ganforge.models;
