package io.azurejit.operator.access;

/**
 * Why a JitAccessRequest may not be opened: a CamelCase reason and a sentence naming the rule.
 *
 * @param reason for example {@code SourceNotAllowed}
 * @param message for a person, saying what to change
 */
public record Denial(String reason, String message) {}
