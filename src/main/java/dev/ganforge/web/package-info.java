/**
 * Cross-cutting web code only: every error as an RFC 9457 problem with a stable type, and
 * the OpenAPI description. Feature endpoints live in their feature packages.
 */
package dev.ganforge.web;
