package io.aiecs.governor.it.server;

/**
 * The token usage a fake server reported over all its responses: what a test holds the governor's charges to.
 *
 * @param input  input (prompt) tokens
 * @param output output (completion) tokens
 * @param total  total tokens
 */
public record ServedUsage(long input, long output, long total) {}
