/**
 * Cross-cutting web code only: every error as an RFC 9457 problem with a stable type, the
 * API key and request limits checked before routing, and the OpenAPI description. Feature
 * endpoints live in their feature packages.
 */
package dev.ganforge.web;
