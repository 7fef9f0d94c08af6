/**
 * Cross-cutting web code: problem types, ProblemDetail advice, OpenAPI configuration.
 */
package dev.ganforge.web;
